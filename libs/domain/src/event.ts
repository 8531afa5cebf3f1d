/** An event as the domain sees it: a literal type name (the storage contract) and its data. */
export type Event<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;

/** A command as the domain sees it. */
export type Command<Type extends string, Data> = Readonly<{ type: Type; data: Readonly<Data> }>;
