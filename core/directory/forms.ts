// The directory's forms as admins fill them in: ids, names, school codes and tags, municipalities, and their field errors.
import { z } from 'zod';
import { DomainError, parseInput, type FieldIssue } from '../errors.js';
import { isValidTimezone, schoolTags } from './vocabulary.js';

/** A free tag: lower-case letters (Latin or Cyrillic), digits, "_" and "-", at most 40 characters. */
export const freeTagPattern = /^[a-z0-9а-яё_-]+$/u;
export const maxFreeTags = 20;

export const tagSchema = z.string().trim().min(1).max(40, 'free-tag-too-long').regex(freeTagPattern, 'free-tag-format');

/**
 * A record's id as a form or query string sends it: empty is "fill in", anything but digits is "pick from the
 * list" (it came from a select), so "3 OR 1=1" never reaches a query.
 */
export const idSchema = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z
    .string()
    .trim()
    .min(1, 'invalid-type')
    .regex(/^[0-9]{1,15}$/, 'invalid-value')
    .transform(Number)
    .pipe(z.number().int().positive('invalid-value')),
);

/** Names are one line of text: no control characters (newlines, NUL…). */
const oneLine = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'single-line');

/** "a, b ,c," → ["a", "b", "c"]: empty pieces (a trailing comma) are dropped. */
function splitTags(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const standardTags = z.array(z.enum(schoolTags)).max(schoolTags.length);
/** The free tags as typed in one text field, comma-separated. */
const freeTagsText = z.string().max(1000).transform(splitTags).pipe(z.array(tagSchema).max(maxFreeTags, 'too-many-free-tags'));

export const schoolTagsSchema = z.object({ tags: standardTags, freeTags: freeTagsText });

export const schoolNamesSchema = z.object({ fullName: oneLine(3, 300), shortName: oneLine(2, 120) });

export const schoolCodePattern = /^[\p{L}\p{N}._/-]+$/u;

export const schoolCreateSchema = z.object({
  municipalityId: idSchema,
  fullName: schoolNamesSchema.shape.fullName,
  shortName: schoolNamesSchema.shape.shortName,
  /** Empty means "no code". */
  code: z
    .string()
    .trim()
    .max(40)
    .refine((s) => s === '' || schoolCodePattern.test(s), 'school-code-format')
    .transform((s) => (s === '' ? null : s)),
  tags: standardTags,
  freeTags: freeTagsText,
});

/** Filters of the schools list, from a query string. `nolead=1`: schools with no active registered school_lead. */
export const schoolFilterSchema = z.object({
  municipality: idSchema.optional(),
  tag: tagSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  nolead: z
    .enum(['0', '1'])
    .optional()
    .transform((v) => v === '1'),
});
export type SchoolFilter = z.output<typeof schoolFilterSchema>;

export const curatorChoiceSchema = z.object({ curatorId: idSchema });

export const municipalitySchema = z.object({
  name: oneLine(2, 200),
  /** An IANA zone when the municipality lives in another zone than the region; empty = the region's. */
  timezone: z
    .string()
    .trim()
    .max(64)
    .refine((s) => s === '' || isValidTimezone(s), 'unknown-timezone')
    // "europe/moscow" is accepted by Intl; store the zone's canonical spelling.
    .transform((s) => (s === '' ? null : new Intl.DateTimeFormat('en', { timeZone: s }).resolvedOptions().timeZone)),
});

/**
 * Validates a form: like parseInput, but an issue deep inside a field (the third free tag) is reported on the
 * field itself (`freeTags`), where the form shows it, with the offending value as `params.value` (always set,
 * since a Fluent message that names a missing variable throws).
 */
export function parseForm<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.output<S> {
  try {
    return parseInput(schema, input);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid-input') throw error;
    const issues: FieldIssue[] = error.issues.map((issue) => {
      const [field, index] = issue.field.split('.');
      const raw = input[field!];
      const value = (index !== undefined && typeof raw === 'string' ? splitTags(raw)[Number(index)] : typeof raw === 'string' ? raw.trim() : undefined) ?? '';
      return { ...issue, field: field!, params: { ...issue.params, value: value.length > 60 ? `${value.slice(0, 60)}…` : value } };
    });
    throw new DomainError('invalid-input', undefined, issues);
  }
}

/** Standard tags first in their usual order, then free tags as typed; no repeats. */
export function combineTags(standard: readonly string[], free: readonly string[]): string[] {
  const chosen = schoolTags.filter((t) => standard.includes(t) || free.includes(t));
  const rest = free.filter((t, i) => !(schoolTags as readonly string[]).includes(t) && free.indexOf(t) === i);
  return [...chosen, ...rest];
}

export function isStandardTag(tag: string): boolean {
  return (schoolTags as readonly string[]).includes(tag);
}

/** The free tags of a school as its edit field shows them. */
export function freeTagsOf(tags: readonly string[]): string {
  return tags.filter((t) => !isStandardTag(t)).join(', ');
}
