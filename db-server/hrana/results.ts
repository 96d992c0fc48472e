import type { JsonValue } from './values.ts';

/** Result structures of the Hrana protocol, shaped as their JSON encoding. */

export interface Col {
  name: string | null;
  decltype: string | null;
}

export interface StmtResult {
  cols: Col[];
  rows: JsonValue[][];
  affected_row_count: number;
  last_insert_rowid: string;
}

export interface DescribeResult {
  params: Array<{ name: string | null }>;
  cols: Col[];
  is_explain: boolean;
  is_readonly: boolean;
}
