export class GetDecreeQuery {
  constructor(readonly decreeId: string) {}
}
