import { attributes, html, type AttributeValue, type Html, type Interpolation } from './html.js';

export interface Column<Row> {
  readonly header: string | Html;
  /** The cell's content: text and numbers are escaped, Html is kept. */
  readonly cell: (row: Row, index: number) => Interpolation;
  /** On the header and the cells: e.g. `num` (right-aligned figures) or `nik`. */
  readonly className?: string;
  /** The column that names the row (`<th scope="row">`), for screen readers. */
  readonly rowHeader?: boolean;
}

export interface TableOptions<Row> {
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  /** Said instead of an empty table, e.g. 'Belum ada permohonan.' */
  readonly empty: string;
  /** The table's id; the empty text gets `<id>-kosong`. */
  readonly id?: string;
  readonly caption?: string | Html;
  readonly className?: string;
  /**
   * Attributes of a row's `<tr>`, e.g. `{ class: 'bad', 'data-key': row.key }`: a row's
   * state for the eye, and a handle for tests and links.
   */
  readonly rowAttributes?: (row: Row, index: number) => Readonly<Record<string, AttributeValue>>;
}

/** A data table with a header row, or its empty-state sentence when there are no rows. */
export function table<Row>(options: TableOptions<Row>): Html {
  if (options.rows.length === 0) {
    const id = options.id ? `${options.id}-kosong` : undefined;
    return html`<p${attributes({ class: 'empty', id })}>${options.empty}</p>`;
  }
  const cellOf = (column: Column<Row>, row: Row, index: number) => {
    const content = column.cell(row, index);
    const own = attributes({ class: column.className });
    return column.rowHeader
      ? html`<th${attributes({ scope: 'row' })}${own}>${content}</th>`
      : html`<td${own}>${content}</td>`;
  };
  const caption = options.caption
    ? html`<caption>
        ${options.caption}
      </caption>`
    : '';
  const headers = options.columns.map(
    (column) =>
      html`<th${attributes({ scope: 'col', class: column.className })}>${column.header}</th>`,
  );
  const rows = options.rows.map(
    (row, index) =>
      html`<tr${attributes(options.rowAttributes?.(row, index) ?? {})}>
        ${options.columns.map((column) => cellOf(column, row, index))}
      </tr>`,
  );
  return html`<table${attributes({ id: options.id, class: options.className })}>
    ${caption}
    <thead>
      <tr>${headers}</tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
