/** What a fresh node's `$all` already holds before any user write (users, settings, system stream metadata). */
import type { EventLog } from './event-log';

export function seedSystemEvents(log: EventLog): void {
  log.seed('$$$stats-127.0.0.1:2113', '$metadata', { $maxAge: 86400 });
  for (const [login, fullName, group] of [
    ['admin', 'Event Store Administrator', '$admins'],
    ['ops', 'Event Store Operations', '$ops'],
  ]) {
    log.seed(`$$$user-${login}`, '$metadata', { $acl: { $w: '$admins', $d: '$admins', $mw: '$admins' } });
    log.seed(`$user-${login}`, '$user', {
      loginName: login,
      fullName,
      salt: '',
      hash: '',
      disabled: false,
      groups: [group],
    });
    log.seed('$users', '$User', login);
  }
  log.seed('$$$users', '$metadata', { $acl: { $r: '$admins', $w: '$admins' } });
  log.seed('$$$settings', '$metadata', { $acl: { $r: '$admins', $w: '$admins' } });
  log.seed('$settings', 'update-default-acl', {
    $userStreamAcl: { $r: '$all', $w: '$all', $d: '$all', $mr: '$all', $mw: '$all' },
    $systemStreamAcl: { $r: '$admins', $w: '$admins', $d: '$admins', $mr: '$admins', $mw: '$admins' },
  });
  log.seed('$$$scavenges', '$metadata', { $maxAge: 2592000 });
}
