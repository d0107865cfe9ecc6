/**
 * The indicator-system file format (YAML), defined once in zod. The JSON Schema in
 * `schema/indicator-system.schema.json` is generated from these definitions
 * (`npm run schema`), and `npm test` fails when the committed file is stale.
 *
 * Every object is strict: an unknown key is an error (with a did-you-mean), which also rejects
 * `__proto__` and YAML 1.1 merge keys (`<<`) before anything is merged.
 */
import * as z from 'zod';
// Validators are interpreted, not compiled with new Function: a run parses a few small files once,
// where compiling the validators costs more than it saves.
z.config({ jitless: true });

export const FORMAT_VERSION = 1;

export const FIELD_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const NODE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.\-]*$/;

const str = (what: string) => z.string({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a string`) });
const nonEmpty = (what: string) => str(what).min(1, `${what} must not be empty`);
const num = z.number().finite();
const share01 = num.min(0).max(1);

export const WeightStatus = z
  .enum(['confirmed', 'provisional', 'assumed'])
  .meta({ description: 'confirmed: stated by the cited source; provisional: from a named secondary or unverified source; assumed: a value we chose, with its basis' });

export const FieldType = z.enum(['number', 'percent', 'count', 'money', 'boolean', 'level', 'text']);

export const Field = z
  .strictObject({
    id: nonEmpty('field id').regex(FIELD_ID, 'field ids match [A-Za-z_][A-Za-z0-9_]* so that formulas can name them'),
    name: nonEmpty('field name'),
    name_en: str('name_en').optional(),
    description: str('description').optional(),
    unit: str('unit').optional(),
    type: FieldType.default('number'),
    range: z.tuple([num.nullable(), num.nullable()]).optional().meta({ description: '[min, max]; null for an open end. Percent fields use the 0–100 scale.' }),
    required: z.boolean().default(true),
    aliases: z.array(nonEmpty('alias')).optional().meta({ description: 'other column headers that mean this field' }),
    levels: z.array(nonEmpty('level')).optional().meta({ description: 'the allowed values of a level/category field, lowest first' }),
    magnitudes: z.array(z.enum(['万', '亿'])).optional().meta({ description: 'magnitude suffixes accepted in returns (3.5万 = 35000)' }),
    source: str('source').optional().meta({ description: 'id of the data source that delivers this field (see `sources`)' }),
    role: z.enum(['indicator', 'denominator', 'attribute']).default('indicator'),
  })
  .meta({ id: 'Field', title: 'A reported field that a city fills in' });

const Band = z.strictObject({ min: num, score: num });

export const NormaliseMethod = z.enum([
  'minmax', 'zscore', 'scaled', 'dist2max', 'dist2ref', 'dist2targ', 'fracmax', 'rank', 'borda', 'prank', 'goalposts', 'none',
]);

export const Rule = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('ratio'),
      scale: num.default(1).meta({ description: 'multiplier applied to the value; percent fields are already 0–100' }),
      cap: num.default(100),
    }),
    z.strictObject({ type: z.literal('linear'), floor: num, target: num.optional() }),
    z.strictObject({
      type: z.literal('tiers'),
      bands: z.array(Band).min(1).meta({ description: 'ascending thresholds; a value scores the band with the largest min not above it' }),
    }),
    z.strictObject({ type: z.literal('boolean'), true: num.default(100), false: num.default(0) }),
    z.strictObject({ type: z.literal('levels'), map: z.record(z.string(), num) }),
    z.strictObject({ type: z.literal('stars'), max: z.number().int().min(1).default(5) }),
    z.strictObject({
      type: z.literal('bands'),
      cuts: z.array(num).min(1).meta({ description: 'shares of the target separating the bands, ascending (U4SSC: 0.33, 0.66, 0.95)' }),
      points: z.array(num).min(2),
      boundary: z.enum(['lower', 'upper']).meta({ description: 'whether a value exactly on a cut falls in the lower or the upper band' }),
    }),
    z.strictObject({
      type: z.literal('normalise'),
      method: NormaliseMethod,
      range: z.tuple([num, num]).optional().meta({ description: 'minmax output range, default [0, 100]' }),
      mean: num.optional(),
      sd: num.optional(),
      lower: num.optional(),
      upper: num.optional(),
      scale: num.optional(),
      reference: str('reference').optional().meta({ description: 'dist2ref: the reference city (code or name)' }),
      capMax: z.boolean().optional(),
      truncate: z.boolean().optional().meta({ description: 'goalposts: clamp to [0, 1] before scaling (default true)' }),
    }),
  ])
  .meta({ id: 'Rule', title: 'How a leaf value becomes a 0–100 score (absolute) or a normalised value (relative)' });

export const Aggregation = z
  .union([
    z.enum(['sum', 'amean', 'gmean', 'hmean', 'median']),
    z.strictObject({ method: z.enum(['sum', 'amean', 'gmean', 'hmean', 'genmean', 'median']), p: num.optional() }),
  ])
  .meta({ id: 'Aggregation', description: 'sum: weighted sum of points (the national standard); amean/gmean/hmean/genmean: weighted means with available-case renormalisation' });

export const ImputeMethod = z.enum(['mean', 'median', 'group-mean', 'group-median', 'previous-year']);

export const MissingPolicy = z
  .union([
    z.enum(['zero', 'renormalise', 'exclude']),
    z.strictObject({
      policy: z.enum(['zero', 'renormalise', 'impute', 'coverage', 'exclude']),
      method: ImputeMethod.optional(),
      group: str('group').optional(),
      min: share01.optional().meta({ description: 'coverage: the share of children that must be present' }),
    }),
  ])
  .meta({ id: 'MissingPolicy' });

export const NotApplicable = z.enum(['exclude', 'zero', 'full']).meta({
  description: 'how 不适用 is scored: exclude (left out of the denominator), zero, or full marks',
});

const AhpMatrix = z.strictObject({
  order: z.array(nonEmpty('child id')).optional().meta({ description: 'the child ids in matrix order (default: the children in order)' }),
  matrix: z.array(z.array(num.positive())).min(1),
});

const IndicatorBase = {
  id: nonEmpty('indicator id').regex(NODE_ID, 'indicator ids use letters, digits, _, . and - (e.g. L1P1-A1)'),
  name: nonEmpty('indicator name'),
  name_en: str('name_en').optional(),
  description: str('description').optional(),
  kind: z.enum(['standard', 'deduction', 'bonus', 'coefficient']).optional(),
  points: num.min(0).nullable().optional().meta({ description: 'weight as points of the total (the national 二级 weights: 8 = 8%)' }),
  share: share01.nullable().optional().meta({ description: 'weight as a share of the parent (0–1; the national 分项 weights)' }),
  weight: num.min(0).nullable().optional().meta({ description: 'relative weight among siblings (normalised, as COINr)' }),
  max: num.positive().optional().meta({ description: 'deduction and bonus nodes: the most points they can take or give' }),
  range: z.tuple([num, num]).optional().meta({ description: 'coefficient nodes: the factor for a score of 0 and of 100' }),
  status: WeightStatus.optional(),
  source: str('source').optional(),
  basis: str('basis').optional(),
  value: str('value').regex(FIELD_ID, 'value names a field id').optional(),
  formula: nonEmpty('formula').optional(),
  unit: str('unit').optional(),
  direction: z.enum(['positive', 'negative']).optional(),
  target: num.optional(),
  rule: Rule.optional(),
  aggregate: Aggregation.optional(),
  missing: MissingPolicy.optional(),
  not_applicable: NotApplicable.optional(),
  ahp: AhpMatrix.optional(),
};

export interface IndicatorInput extends z.input<z.ZodObject<typeof IndicatorBase>> {
  children?: IndicatorInput[];
}
export interface IndicatorData extends z.output<z.ZodObject<typeof IndicatorBase>> {
  children?: IndicatorData[];
}

export const Indicator: z.ZodType<IndicatorData, IndicatorInput> = z
  .strictObject({
    ...IndicatorBase,
    get children(): z.ZodOptional<z.ZodArray<z.ZodType<IndicatorData, IndicatorInput>>> {
      return z.array(Indicator).optional();
    },
  })
  .meta({ id: 'Indicator', title: 'An indicator node (一级/二级/分项 or any depth)' });

export const Tier = z.strictObject({
  id: nonEmpty('tier id'),
  name: nonEmpty('tier name'),
  name_en: str('name_en').optional(),
  min: num.meta({ description: 'lowest total score (rounded) in this tier' }),
});

export const RankingMethod = z.enum(['score', 'topsis', 'vikor', 'promethee2']);

export const Settings = z
  .strictObject({
    total: num.positive().default(100).meta({ description: 'the maximum total score' }),
    precision: z.number().int().min(0).max(10).default(2),
    rounding: z.enum(['half-up', 'half-even']).default('half-up').meta({ description: 'half-up is 四舍五入' }),
    scoring: z.enum(['absolute', 'relative']).default('absolute'),
    default_rule: Rule.optional(),
    aggregate: Aggregation.default('sum'),
    missing: MissingPolicy.default('zero'),
    not_applicable: NotApplicable.default('exclude'),
    scope: z.enum(['pooled', 'per-year']).default('pooled').meta({ description: 'normalisation scope when several years are scored' }),
    groups: z.array(z.strictObject({ id: nonEmpty('group id').regex(FIELD_ID), name: nonEmpty('group name'), name_en: str('name_en').optional() })).default([]),
    imputation: z
      .strictObject({ method: ImputeMethod, group: str('group').optional() })
      .optional()
      .meta({ description: 'a system-wide imputation step before scoring (COINr Impute)' }),
    outliers: z
      .strictObject({
        method: z.enum(['none', 'winsorise']).default('winsorise'),
        winmax: z.number().int().min(0).default(5),
        skew: num.default(2),
        kurt: num.default(3.5),
        fallback: z.enum(['none', 'log_CT', 'log_CT_plus', 'log_CT_orig', 'log_GII']).default('log_CT'),
      })
      .optional(),
    ranking: z
      .strictObject({
        method: RankingMethod.default('score'),
        normalisation: z.enum(['vector', 'minmax']).optional(),
        v: share01.optional(),
        preference: z.enum(['usual', 'ushape', 'vshape', 'level', 'linear', 'gaussian']).optional(),
        p: num.optional(),
        q: num.optional(),
      })
      .default({ method: 'score' }),
    tiers: z.array(Tier).default([]),
  })
  .meta({ id: 'Settings' });

export const Source = z.strictObject({
  document: nonEmpty('source document'),
  text: str('text').optional().meta({ description: 'which text of the document this file encodes' }),
  url: str('url').optional(),
  cutoff: str('cutoff').optional(),
  note: str('note').optional(),
});

export const DataSource = z.strictObject({ id: nonEmpty('data source id').regex(FIELD_ID), name: nonEmpty('data source name') });

export const Extends = z
  .union([
    z.strictObject({ id: nonEmpty('parent id'), version: nonEmpty('parent version').optional(), hash: str('hash').regex(/^sha256:[0-9a-f]{64}$/, 'hash is sha256:<64 hex digits>').optional() }),
    z.strictObject({ path: nonEmpty('parent path'), hash: str('hash').regex(/^sha256:[0-9a-f]{64}$/, 'hash is sha256:<64 hex digits>').optional() }),
  ])
  .meta({ id: 'Extends', description: 'the parent system: a bundled id (with version, optionally pinned to its content hash) or a relative path' });

const Override = z.strictObject({
  name: nonEmpty('name').optional(),
  name_en: str('name_en').optional(),
  description: str('description').optional(),
  points: num.min(0).nullable().optional(),
  share: share01.nullable().optional(),
  weight: num.min(0).nullable().optional(),
  max: num.positive().optional(),
  status: WeightStatus.optional(),
  source: str('source').optional(),
  basis: str('basis').optional(),
  value: str('value').regex(FIELD_ID).optional(),
  formula: nonEmpty('formula').optional(),
  direction: z.enum(['positive', 'negative']).optional(),
  target: num.optional(),
  rule: Rule.optional(),
  aggregate: Aggregation.optional(),
  missing: MissingPolicy.optional(),
  not_applicable: NotApplicable.optional(),
  ahp: AhpMatrix.optional(),
});

export const Changes = z
  .strictObject({
    add: z.array(z.strictObject({ parent: nonEmpty('parent id'), nodes: z.array(Indicator).min(1) })).optional(),
    remove: z.array(nonEmpty('node id')).optional(),
    override: z.record(z.string(), Override).optional(),
    rebalance: z
      .array(
        z.strictObject({
          parent: nonEmpty('parent id'),
          method: z.enum(['proportional', 'equal']).default('proportional'),
          basis: str('basis').optional(),
        }),
      )
      .optional()
      .meta({ description: "rescale a node's children so that their weights add up again (marked assumed)" }),
    remove_fields: z.array(nonEmpty('field id')).optional(),
  })
  .meta({ id: 'Changes' });

export const SystemFile = z
  .strictObject({
    $schema: str('$schema').optional(),
    format: z.literal(FORMAT_VERSION, { error: `format must be ${FORMAT_VERSION} (the only format version so far)` }),
    id: nonEmpty('id').regex(NODE_ID),
    version: str('version').meta({ description: 'a string: quote it ("2016"), or YAML reads 1.10 as 1.1' }),
    title: z.strictObject({ zh: nonEmpty('title.zh'), en: str('title.en').optional() }),
    description: str('description').optional(),
    illustrative: z.boolean().optional().meta({ description: 'true for systems built for demonstration, not adopted by any authority' }),
    source: Source,
    extends: Extends.optional(),
    settings: Settings.optional(),
    sources: z.array(DataSource).optional().meta({ description: 'data sources in order of precedence (first wins on a conflict)' }),
    fields: z.array(Field).optional(),
    indicators: z.array(Indicator).optional(),
    changes: Changes.optional(),
  })
  .meta({ id: 'IndicatorSystem', title: 'cityscore indicator system' });

export type SystemFileInput = z.input<typeof SystemFile>;
export type SystemFileData = z.output<typeof SystemFile>;
export type FieldData = z.output<typeof Field>;
export type RuleData = z.output<typeof Rule>;
export type SettingsData = z.output<typeof Settings>;
export type AggregationData = z.output<typeof Aggregation>;
export type MissingData = z.output<typeof MissingPolicy>;
export type OverrideData = z.output<typeof Override>;
export type ChangesData = z.output<typeof Changes>;
