import type { ColumnType } from 'kysely';

/** Row types of the tables, as the database returns them (see migrations/). */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** DATE travels as its ISO text, YYYY-MM-DD (see db.ts). */
export type IsoDate = string;
