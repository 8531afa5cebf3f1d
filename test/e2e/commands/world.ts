import { aDecree, aManajerialPosition, aPelaksanaPosition, anEmployee, aUnit, nthNip } from '@asn/testing';
import type { Api } from './harness';
import { expectAccepted } from './harness';

/** A unit with manajerial posts (kabid, three kasi), a pelaksana post and `employees` registered PNS. */
export interface World {
  unitId: string;
  kabid: string;
  kasi: [string, string, string];
  pelaksana: string;
  nips: string[];
}

let worlds = 0;

/** Builds a fresh world through the API (ids are unique per call, so tests in one app do not collide). */
export async function seedWorld(api: Api, employees = 6): Promise<World> {
  worlds += 1;
  const w = `w${worlds}`;
  const world: World = {
    unitId: `${w}-dinkes`,
    kabid: `${w}-kabid`,
    kasi: [`${w}-kasi-a`, `${w}-kasi-b`, `${w}-kasi-c`],
    pelaksana: `${w}-pelaksana`,
    nips: Array.from({ length: employees }, (_, i) => nthNip(worlds * 100 + i)),
  };
  expectAccepted(await api.send('post', '/units', aUnit({ id: world.unitId })), ['UnitEstablished']);
  const positions = [
    aManajerialPosition({ id: world.kabid, unitId: world.unitId }),
    ...world.kasi.map((id) =>
      aManajerialPosition({ id, unitId: world.unitId, kind: 'PENGAWAS', title: `Kasi ${id}` }),
    ),
    aPelaksanaPosition({ id: world.pelaksana, unitId: world.unitId }),
  ];
  for (const p of positions) expectAccepted(await api.send('post', '/positions', p), ['PositionEstablished']);
  for (const nip of world.nips) {
    expectAccepted(await api.send('post', '/employees', anEmployee({ nip })), ['EmployeeRegistered']);
  }
  return world;
}

/** Appoints `nip` to `positionId` with a one-line decree; returns the decree id. */
export async function appoint(
  api: Api,
  nip: string,
  positionId: string,
  effectiveDate = '2025-01-06',
): Promise<string> {
  const res = await api.send('post', `/employees/${nip}/appoint`, {
    positionId,
    effectiveDate,
    decree: aDecree(),
  });
  expectAccepted(res, ['DecreeIssued', 'EmployeeAppointed']);
  return res.body.decreeId as string;
}
