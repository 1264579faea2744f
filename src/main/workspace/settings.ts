import { SETTINGS_SCHEMA_VERSION, Settings } from '../../shared/workspace'
import { JsonStore } from '../store/json-store'

const defaultSettings = (): Settings => ({ schemaVersion: SETTINGS_SCHEMA_VERSION, annotator: null })

/** The user's own settings (the annotator's name), in `settings.json` of the user's data folder. */
export class UserSettings {
  readonly #store: JsonStore

  constructor(dataDir: string) {
    this.#store = new JsonStore(dataDir)
  }

  async get(): Promise<Settings> {
    return (await this.#db()).data
  }

  async setAnnotator(name: string): Promise<Settings> {
    const db = await this.#db()
    await db.update((settings) => {
      settings.annotator = name
    })
    return db.data
  }

  #db() {
    return this.#store.open('settings.json', Settings, defaultSettings)
  }
}
