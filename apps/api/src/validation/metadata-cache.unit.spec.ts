import { IsInt, IsString, MaxLength, MetadataStorage, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './metadata-cache';

describe('cacheValidationMetadata', () => {
  class Base {
    @IsString()
    name!: string;
  }
  class Child extends Base {
    @IsInt()
    count!: number;
  }

  const failures = (object: object): string[] =>
    validateSync(object, { forbidUnknownValues: true })
      .flatMap((e) => Object.keys(e.constraints ?? {}).map((c) => `${e.property}:${c}`))
      .sort();

  beforeAll(() => cacheValidationMetadata());

  it('answers as class-validator does, inherited rules included, and again from the cache', () => {
    const bad = Object.assign(new Child(), { name: 7, count: 'x' });
    expect(failures(bad)).toEqual(['count:isInt', 'name:isString']);
    expect(failures(bad)).toEqual(['count:isInt', 'name:isString']);
    expect(failures(Object.assign(new Child(), { name: 'a', count: 1 }))).toEqual([]);
  });

  it('sees a rule added after a lookup was cached', () => {
    expect(failures(Object.assign(new Child(), { name: 'x'.repeat(20), count: 1 }))).toEqual([]);
    // A decorator applied later (a class or rule defined after the first validation) drops the cache.
    MaxLength(10)(Child.prototype, 'name');
    expect(failures(Object.assign(new Child(), { name: 'x'.repeat(20), count: 1 }))).toEqual([
      'name:maxLength',
    ]);
  });

  it('wraps a storage once', () => {
    const storage = new MetadataStorage();
    cacheValidationMetadata(storage);
    const wrapped = storage.getTargetValidationMetadatas;
    cacheValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas).toBe(wrapped);
  });
});
