import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { ACTING_ROLES, MOVE_KINDS, type ActingRole, type MoveKind } from '@asn/domain';
import { ID_MESSAGE, ID_PATTERN } from '../../validation/id.pipe';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { IsNip } from '../../validation/is-nip.validator';

export const LINE_TYPES = [
  'APPOINT',
  'REASSIGN',
  'ACTING',
  'EXTEND_ACTING',
  'END_ACTING',
  'REDEPLOY',
] as const;
export type LineType = (typeof LINE_TYPES)[number];

const PositionId = () => Matches(ID_PATTERN, { message: `positionId ${ID_MESSAGE}` });

export class AppointLineDto {
  @ApiProperty({ enum: ['APPOINT'] })
  @IsIn(['APPOINT'])
  type!: 'APPOINT';

  @ApiProperty({ example: '198503152010011001' })
  @IsNip()
  nip!: string;

  @ApiProperty({ example: 'kabid-p2p' })
  @PositionId()
  positionId!: string;

  @ApiProperty({ example: '2025-01-06', format: 'date', description: 'TMT' })
  @IsIsoDate()
  effectiveDate!: string;
}

export class ReassignLineDto {
  @ApiProperty({ enum: ['REASSIGN'] })
  @IsIn(['REASSIGN'])
  type!: 'REASSIGN';

  @ApiProperty({ example: '198503152010011001' })
  @IsNip()
  nip!: string;

  @ApiProperty({ example: 'kabid-p2p' })
  @PositionId()
  positionId!: string;

  @ApiProperty({ enum: MOVE_KINDS })
  @IsIn(MOVE_KINDS)
  moveKind!: MoveKind;

  @ApiProperty({ example: '2025-01-06', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;
}

export class ActingLineDto {
  @ApiProperty({ enum: ['ACTING'] })
  @IsIn(['ACTING'])
  type!: 'ACTING';

  @ApiProperty({ example: '198503152010011001' })
  @IsNip()
  nip!: string;

  @ApiProperty({ example: 'kabid-p2p' })
  @PositionId()
  positionId!: string;

  @ApiProperty({ enum: ACTING_ROLES })
  @IsIn(ACTING_ROLES)
  role!: ActingRole;

  @ApiProperty({ example: '2025-01-06', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @ApiProperty({ example: '2025-04-05', format: 'date', description: 'last acting day (inclusive)' })
  @IsIsoDate()
  endDate!: string;
}

export class ExtendActingLineDto {
  @ApiProperty({ enum: ['EXTEND_ACTING'] })
  @IsIn(['EXTEND_ACTING'])
  type!: 'EXTEND_ACTING';

  @ApiProperty({ example: '198503152010011001' })
  @IsNip()
  nip!: string;

  @ApiProperty({ example: 'kabid-p2p' })
  @PositionId()
  positionId!: string;

  @ApiProperty({ example: '2025-07-05', format: 'date' })
  @IsIsoDate()
  endDate!: string;
}

export class EndActingLineDto {
  @ApiProperty({ enum: ['END_ACTING'] })
  @IsIn(['END_ACTING'])
  type!: 'END_ACTING';

  @ApiProperty({ example: '198503152010011001' })
  @IsNip()
  nip!: string;

  @ApiProperty({ example: 'kabid-p2p' })
  @PositionId()
  positionId!: string;

  @ApiProperty({ example: '2025-03-01', format: 'date', description: 'first day no longer acting' })
  @IsIsoDate()
  effectiveDate!: string;
}

export class RedeployLineDto {
  @ApiProperty({ enum: ['REDEPLOY'] })
  @IsIn(['REDEPLOY'])
  type!: 'REDEPLOY';

  @ApiProperty({ example: '198503152010011001' })
  @IsNip()
  nip!: string;

  @ApiProperty({ example: 'puskesmas-candilama' })
  @Matches(ID_PATTERN, { message: `unitId ${ID_MESSAGE}` })
  unitId!: string;

  @ApiProperty({ example: '2025-01-06', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @ApiProperty({ example: '2025-06-30', format: 'date', description: 'back at the home post on this day' })
  @IsIsoDate()
  endDate!: string;
}

/** A line whose `type` is missing or unknown: only `type` is reported (lines.N.type). */
export class UnknownLineDto {
  @IsIn(LINE_TYPES, { message: `type must be one of ${LINE_TYPES.join(', ')}` })
  type!: string;
}

export type DecreeLineDto =
  AppointLineDto | ReassignLineDto | ActingLineDto | ExtendActingLineDto | EndActingLineDto | RedeployLineDto;

export const LINE_CLASSES: Record<LineType, new () => DecreeLineDto> = {
  APPOINT: AppointLineDto,
  REASSIGN: ReassignLineDto,
  ACTING: ActingLineDto,
  EXTEND_ACTING: ExtendActingLineDto,
  END_ACTING: EndActingLineDto,
  REDEPLOY: RedeployLineDto,
};
