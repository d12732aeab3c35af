import { FieldError } from '../kit.js';

/** "First page" and "next" links of a keyset-paginated list; the filters in the query string stay. */
export function Pager(props: { query: Record<string, string>; before: number | undefined; nextBefore: number | null; first: string; next: string }) {
  const without = Object.entries(props.query).filter(([k]) => k !== 'before');
  return (
    <div class="pager">
      {props.before ? <a href={`?${new URLSearchParams(without)}`}>{props.first}</a> : null}
      {props.nextBefore ? (
        <a href={`?${new URLSearchParams([...without, ['before', String(props.nextBefore)]])}`} rel="next">
          {props.next}
        </a>
      ) : null}
    </div>
  );
}

/** A labelled select with an empty first option ("all", "none") and the field's error under it. */
export function Select(props: {
  label: string;
  name: string;
  value: string | number | null | undefined;
  options: readonly (readonly [string | number, string])[];
  empty?: string;
  errors?: Record<string, string>;
}) {
  const current = props.value === null || props.value === undefined ? '' : String(props.value);
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map(([value, text]) => (
          <option value={String(value)} selected={current === String(value)}>
            {text}
          </option>
        ))}
      </select>
      <FieldError errors={props.errors} name={props.name} />
    </label>
  );
}
