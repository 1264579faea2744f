import { z } from 'zod'

/** A name used as an id inside a tagset: lower-case words joined by dashes. */
const TagId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'an id is lower-case letters, digits and dashes, starting with a letter')

const AttributeBase = {
  id: TagId,
  name: z.string().min(1).max(80),
  help: z.string().max(2000).default(''),
}

/** The typed attributes a label or link type carries. */
export const AttributeDef = z.discriminatedUnion('type', [
  z
    .object({
      ...AttributeBase,
      type: z.literal('one-of'),
      values: z.array(z.string().min(1).max(80)).min(1),
      default: z.string().optional(),
      /** Values that need a note saying more (e.g. "other"). */
      needsNote: z.array(z.string()).default([]),
    })
    .strict(),
  z.object({ ...AttributeBase, type: z.literal('many-of'), values: z.array(z.string().min(1).max(80)).min(1) }).strict(),
  z.object({ ...AttributeBase, type: z.literal('text'), maxLength: z.number().int().positive().max(10_000).default(500) }).strict(),
  z.object({ ...AttributeBase, type: z.literal('boolean') }).strict(),
  /** A pointer to an entity of the workspace registry (the person or body a Speaker is). */
  z.object({ ...AttributeBase, type: z.literal('entity') }).strict(),
])
export type AttributeDef = z.infer<typeof AttributeDef>

export const LabelDef = z
  .object({
    id: TagId,
    name: z.string().min(1).max(80),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb'),
    hotkey: z
      .string()
      .regex(/^[1-9]$/, 'a hotkey is a digit from 1 to 9')
      .optional(),
    guideline: z.string().max(5000).default(''),
    attributes: z.array(AttributeDef).default([]),
  })
  .strict()
export type LabelDef = z.infer<typeof LabelDef>

export const LinkTypeDef = z
  .object({
    id: TagId,
    name: z.string().min(1).max(80),
    /** Labels allowed at each end. */
    from: z.array(TagId).min(1),
    to: z.array(TagId).min(1),
    /** A symmetric link reads the same both ways (same entity, same claim …). */
    symmetric: z.boolean().default(false),
    guideline: z.string().max(5000).default(''),
    attributes: z.array(AttributeDef).default([]),
  })
  .strict()
export type LinkTypeDef = z.infer<typeof LinkTypeDef>

export const TAGSET_SCHEMA_VERSION = 1
export const Tagset = z
  .object({
    schemaVersion: z.literal(TAGSET_SCHEMA_VERSION),
    name: z.string().min(1).max(200),
    labels: z.array(LabelDef).min(1),
    linkTypes: z.array(LinkTypeDef).default([]),
  })
  .strict()
  .superRefine((tagset, ctx) => {
    const labelIds = new Set<string>()
    const hotkeys = new Set<string>()
    tagset.labels.forEach((label, i) => {
      if (labelIds.has(label.id)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'id'], message: `the label id "${label.id}" is used twice` })
      labelIds.add(label.id)
      if (label.hotkey && hotkeys.has(label.hotkey)) {
        ctx.addIssue({ code: 'custom', path: ['labels', i, 'hotkey'], message: `the hotkey ${label.hotkey} is used twice` })
      }
      if (label.hotkey) hotkeys.add(label.hotkey)
      checkAttributes(label.attributes, ['labels', i, 'attributes'], ctx)
    })
    const linkIds = new Set<string>()
    tagset.linkTypes.forEach((linkType, i) => {
      if (linkIds.has(linkType.id)) ctx.addIssue({ code: 'custom', path: ['linkTypes', i, 'id'], message: `the link type id "${linkType.id}" is used twice` })
      linkIds.add(linkType.id)
      for (const end of ['from', 'to'] as const) {
        linkType[end].forEach((label, j) => {
          if (!labelIds.has(label)) ctx.addIssue({ code: 'custom', path: ['linkTypes', i, end, j], message: `there is no label "${label}"` })
        })
      }
      checkAttributes(linkType.attributes, ['linkTypes', i, 'attributes'], ctx)
    })
  })
export type Tagset = z.infer<typeof Tagset>

function checkAttributes(attributes: AttributeDef[], path: (string | number)[], ctx: z.RefinementCtx): void {
  const ids = new Set<string>()
  attributes.forEach((attribute, i) => {
    if (ids.has(attribute.id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `the attribute id "${attribute.id}" is used twice` })
    ids.add(attribute.id)
    if (attribute.type === 'one-of') {
      if (attribute.default !== undefined && !attribute.values.includes(attribute.default)) {
        ctx.addIssue({ code: 'custom', path: [...path, i, 'default'], message: `the default "${attribute.default}" is not one of the values` })
      }
      attribute.needsNote.forEach((value, j) => {
        if (!attribute.values.includes(value)) ctx.addIssue({ code: 'custom', path: [...path, i, 'needsNote', j], message: `"${value}" is not one of the values` })
      })
    }
  })
}

/** An attribute's value: one value, several, free text, yes/no, or an entity id; null when unset. */
export const AttributeValue = z.union([z.string().max(10_000), z.array(z.string().max(200)).max(100), z.boolean(), z.null()])
export type AttributeValue = z.infer<typeof AttributeValue>
export const AttributeValues = z.record(TagId, AttributeValue)
export type AttributeValues = z.infer<typeof AttributeValues>
