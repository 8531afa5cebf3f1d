/** A request DTO as plain data for the domain: no class instances, no undefined fields (they would reach the log). */
export const plain = <T>(dto: object): T => JSON.parse(JSON.stringify(dto)) as T;
