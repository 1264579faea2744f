/**
 * English-like news text for the benchmark: headlines, paragraphs of sentences with quotes, named
 * speakers, numbers, a few emoji and astral letters (surrogate pairs), and line breaks. Alongside
 * the text, the places an annotator would tag: sentences (claims), names (speakers), quoted words
 * (quotes) and single words (translation errors), as UTF-16 offsets.
 */
import type { Random } from './random'

export interface Person {
  name: string
  /** What a second mention calls them. */
  short: string
}

export type CandidateKind = 'sentence' | 'name' | 'quote' | 'word'

export interface Candidate {
  start: number
  end: number
  kind: CandidateKind
  /** The person a name mentions (index into the people list). */
  person?: number
}

export interface SyntheticArticle {
  title: string
  text: string
  candidates: Record<CandidateKind, Candidate[]>
}

const WORDS = (
  'the of and to in a that for on is was with as by said at from it its has have will be are were an this which ' +
  'government minister alliance summit members security defence support leaders agreement policy country countries ' +
  'president secretary general foreign talks war peace border troops spending budget percent year years week month ' +
  'report reports officials official press statement according sources meeting capital city region election vote ' +
  'parliament coalition party opposition public economy trade energy gas prices sanctions aid military weapons ' +
  'air missile treaty partners european western eastern northern southern national international new former ' +
  'next last first second third major key strong clear early late long short only also still however while after ' +
  'before during since under over against between about more most less many several other such both each every ' +
  'would could should might must can may not no all some any one two three four five ten hundred thousand million ' +
  'billion plan plans decision decided announced expected warned called urged agreed rejected denied confirmed ' +
  'signed approved proposed increase cut raise reduce build strengthen protect respond commit continue remain ' +
  'become lead take make give keep hold meet speak write read open close start end stand move help need want ' +
  'role position office term mandate candidate successor predecessor ally allies relationship cooperation ' +
  'pressure threat risk crisis challenge response question answer concern interest influence power control ' +
  'history future time day night morning evening today tomorrow yesterday people citizens voters media outlet ' +
  'newspaper television online translation version article text source language word words speech interview'
).split(' ')

const EMOJI = ['🙂', '📈', '🇪🇺', '𝕏', '🤝', '🌍', '👍🏽', '🛰️', '𝔘']
const FIRST = ['Ana', 'Marko', 'Jana', 'Mark', 'Ursula', 'Jens', 'Kaja', 'Milo', 'Petra', 'Tomasz', 'Ingrid', 'Luca', 'Sofía', 'Emre', 'Zoë', 'Nikola']
const LAST = ['Rutte', 'Kovač', 'Horvat', 'Stoltenberg', 'Kallas', 'Đukanović', 'Novak', 'Lindqvist', 'Rossi', 'Yılmaz', 'Schmidt', 'Dubois', 'Petrović', 'Nowak']
const ROLES = ['the foreign minister', 'a senior official', 'the prime minister', 'a spokesperson', 'the secretary general', 'an analyst']
const NUMBERS = ['2', '3.5', '12', '40', '1,200', '2024', '2025', '5.7', '300', '18']

/** `count` distinct people, with full names and the surname a second mention uses. */
export function syntheticPeople(random: Random, count: number): Person[] {
  const people: Person[] = []
  const seen = new Set<string>()
  for (let tries = 0; people.length < count && tries < count * 50; tries++) {
    const first = random.pick(FIRST)
    const last = random.pick(LAST)
    const name = `${first} ${last}`
    if (seen.has(name)) continue
    seen.add(name)
    people.push({ name, short: last })
  }
  return people
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

/** An article of about `words` words, about `people`. */
export function syntheticArticle(random: Random, words: number, people: readonly Person[]): SyntheticArticle {
  const pieces: string[] = []
  let at = 0
  let wordCount = 0
  const candidates: Record<CandidateKind, Candidate[]> = { sentence: [], name: [], quote: [], word: [] }
  const emit = (piece: string): void => {
    pieces.push(piece)
    at += piece.length
  }
  /** One word, recorded as a candidate for a single-word span. */
  const word = (capital = false): void => {
    const roll = random.next()
    const token = roll < 0.005 ? random.pick(EMOJI) : roll < 0.03 ? random.pick(NUMBERS) : random.pickSkewed(WORDS)
    const text = capital ? capitalize(token) : token
    candidates.word.push({ start: at, end: at + text.length, kind: 'word' })
    emit(text)
    wordCount++
  }
  const run = (count: number, capital = false): void => {
    for (let i = 0; i < count; i++) {
      if (i > 0) emit(i > 2 && random.chance(0.06) ? ', ' : ' ')
      word(capital && i === 0)
    }
  }
  const name = (): void => {
    const person = random.int(0, people.length - 1)
    const text = random.chance(0.3) ? (people[person] as Person).short : (people[person] as Person).name
    candidates.name.push({ start: at, end: at + text.length, kind: 'name', person })
    emit(text)
    wordCount += text.split(' ').length
  }
  const sentence = (): void => {
    const start = at
    const kind = random.next()
    if (kind < 0.3) {
      emit('“')
      const quoteStart = at
      run(random.int(6, 16), true)
      candidates.quote.push({ start: quoteStart, end: at, kind: 'quote' })
      emit(',” said ')
      name()
      if (random.chance(0.4)) emit(`, ${random.pick(ROLES)}`)
      emit('.')
    } else if (kind < 0.5) {
      name()
      emit(random.chance(0.5) ? ' said that ' : ' warned that ')
      const quoteStart = at
      run(random.int(8, 18))
      candidates.quote.push({ start: quoteStart, end: at, kind: 'quote' })
      emit('.')
    } else {
      run(random.int(8, 22), true)
      emit('.')
    }
    candidates.sentence.push({ start, end: at, kind: 'sentence' })
  }

  const titleStart = at
  run(random.int(6, 10), true)
  const title = pieces.join('').slice(titleStart)
  emit('\n\n')
  while (wordCount < words) {
    const sentences = random.int(2, 6)
    for (let i = 0; i < sentences && wordCount < words; i++) {
      if (i > 0) emit(' ')
      sentence()
    }
    if (wordCount < words) emit(random.chance(0.15) ? '\n' : '\n\n')
  }
  emit('\n')
  return { title, text: pieces.join(''), candidates }
}
