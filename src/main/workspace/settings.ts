import { SETTINGS_SCHEMA_VERSION, Settings } from '../../shared/workspace'
import { JsonStore, type JsonStoreOptions } from '../store/json-store'
import { formatOf } from '../store/versions'
import { migrations } from './migrations'

export const SETTINGS_FILE = 'settings.json'
export const SettingsFormat = formatOf(Settings, SETTINGS_SCHEMA_VERSION, migrations.settings)

const defaultSettings = (): Settings => ({ schemaVersion: SETTINGS_SCHEMA_VERSION, annotator: null })

/** The user's own settings (the annotator's name), in `settings.json` of the user's data folder. */
export class UserSettings {
  readonly #store: JsonStore

  constructor(dataDir: string, options: JsonStoreOptions = {}) {
    this.#store = new JsonStore(dataDir, options)
  }

  /** What was found wrong with `settings.json` (damaged and restored, older and updated, newer), for the user. */
  async notices(): Promise<string[]> {
    await this.#db().catch(() => undefined)
    return this.#store.notices.map((notice) => notice.message)
  }

  async get(): Promise<Settings> {
    return (await this.#db()).data
  }

  async setAnnotator(name: string): Promise<Settings> {
    const db = await this.#db()
    db.assertWritable()
    await db.update((settings) => {
      settings.annotator = name
    })
    return db.data
  }

  #db() {
    return this.#store.open(SETTINGS_FILE, SettingsFormat, defaultSettings)
  }
}
