import { Inject, Injectable } from '@nestjs/common';
import type { IsoDate } from '@asn/domain';
import { CLOCK, type Clock, todayIn } from '../write/clock';

/** Today's date in the instansi: queries evaluate the stored intervals on it. */
@Injectable()
export class Today {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  get(): IsoDate {
    return todayIn(this.clock());
  }
}
