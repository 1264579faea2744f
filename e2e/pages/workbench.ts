import { expect, type Locator, type Page } from '@playwright/test'

/** The workbench as a researcher sees it: the corpus sidebar, the columns, the annotator. */
export class Workbench {
  readonly sidebar: Locator
  readonly columns: Locator
  readonly annotator: Locator

  constructor(readonly page: Page) {
    this.sidebar = page.getByRole('navigation', { name: 'Corpus' })
    this.columns = page.getByTestId('column')
    this.annotator = page.getByTestId('annotator')
  }

  card(articleId: string): Locator {
    return this.sidebar.locator(`.article-card[data-article-id="${articleId}"]`)
  }

  column(articleId: string): Locator {
    return this.page.locator(`[data-testid="column"][data-article-id="${articleId}"]`)
  }

  async ready(): Promise<void> {
    await expect(this.sidebar.locator('.article-card').first()).toBeVisible()
  }

  async openArticle(articleId: string): Promise<void> {
    await this.card(articleId).click()
    await expect(this.column(articleId)).toBeVisible()
  }

  async openColumnIds(): Promise<string[]> {
    return this.columns.evaluateAll((columns) => columns.map((column) => column.getAttribute('data-article-id') ?? ''))
  }

  /** The text shown in a column, line by line as the reader lays it out, joined with line feeds. */
  async shownText(articleId: string): Promise<string> {
    return this.column(articleId)
      .getByTestId('article-text')
      .evaluate((article) => Array.from(article.querySelectorAll('p'), (p: Element) => p.textContent ?? '').join('\n'))
  }
}
