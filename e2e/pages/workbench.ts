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

  /** The corpus listed and the open columns' layers held (the first screen is painted before they are: see loadLayer). */
  async ready(): Promise<void> {
    await expect(this.sidebar.locator('.article-card').first()).toBeVisible()
    await expect(this.page.getByRole('button', { name: 'Export…' })).toBeEnabled()
  }

  async openArticle(articleId: string): Promise<void> {
    await this.card(articleId).click()
    await expect(this.column(articleId)).toBeVisible()
  }

  async openColumnIds(): Promise<string[]> {
    return this.columns.evaluateAll((columns) => columns.map((column) => column.getAttribute('data-article-id') ?? ''))
  }

  /** A column's frame: its text is in a document of its own (src/renderer/src/reader/textFrame.ts). */
  frame(articleId: string): Locator {
    return this.column(articleId).getByTestId('text-frame')
  }

  /** A column's article text, inside its frame. */
  text(articleId: string): Locator {
    return this.frame(articleId).contentFrame().getByTestId('article-text')
  }

  /** The text shown in a column, line by line as the reader lays it out, joined with line feeds. */
  async shownText(articleId: string): Promise<string> {
    return this.text(articleId).evaluate((article) => Array.from(article.querySelectorAll('p'), (p: Element) => p.textContent ?? '').join('\n'))
  }

  /**
   * Where a piece of text is on screen (scrolled into view), in the page's coordinates: the left
   * edge of its first character and the right edge of its last. Write "[Rutte] told reporters" to
   * find the whole text and take the part in brackets.
   */
  async textBox(articleId: string, needle: string, occurrence = 0): Promise<{ left: number; right: number; top: number; bottom: number; y: number; endY: number; middle: { x: number; y: number } }> {
    const box = await this.text(articleId).evaluate(
        async (root, [pattern, occurrence]) => {
          // "[Rutte] told reporters": find the whole text, take the part in brackets
          const open = pattern.indexOf('[')
          const close = pattern.indexOf(']')
          const bracketed = open !== -1 && close > open
          const needle = bracketed ? pattern.slice(0, open) + pattern.slice(open + 1, close) + pattern.slice(close + 1) : pattern
          const [skip, length] = bracketed ? [open, close - open - 1] : [0, pattern.length]
          let seen = 0
          for (const p of Array.from(root.querySelectorAll('p'))) {
            const node = p.firstChild
            if (!node?.textContent) continue
            for (let at = node.textContent.indexOf(needle); at !== -1; at = node.textContent.indexOf(needle, at + 1)) {
              if (seen++ < occurrence) continue
              const range = root.ownerDocument.createRange()
              range.setStart(node, at + skip)
              range.setEnd(node, at + skip + length)
              const measure = () => {
                const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0)
                const first = rects[0] as DOMRect
                const last = rects[rects.length - 1] as DOMRect
                const widest = rects.reduce((a, b) => (b.width > a.width ? b : a))
                return {
                  left: first.left,
                  right: last.right,
                  top: first.top,
                  bottom: first.bottom,
                  y: first.top + first.height / 2,
                  endY: last.top + last.height / 2,
                  middle: { x: widest.left + Math.min(widest.width / 2, 12), y: widest.top + widest.height / 2 },
                }
              }
              // paragraphs off screen are laid out lazily (content-visibility): scroll until the text stops moving
              let box = measure()
              for (let tries = 0; tries < 20; tries++) {
                p.scrollIntoView({ block: 'center' })
                await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
                const next = measure()
                if (next.top === box.top && next.left === box.left) break
                box = next
              }
              return measure()
            }
          }
          throw new Error(`"${needle}" is not in the article`)
        },
        [needle, occurrence] as const,
      )
    // the frame's viewport starts at its box (it has no border)
    const frame = await this.frame(articleId).boundingBox()
    if (!frame) throw new Error(`The column of ${articleId} is not on screen`)
    const [x, y] = [frame.x, frame.y]
    return {
      left: box.left + x,
      right: box.right + x,
      top: box.top + y,
      bottom: box.bottom + y,
      y: box.y + y,
      endY: box.endY + y,
      middle: { x: box.middle.x + x, y: box.middle.y + y },
    }
  }

  /** Selects a piece of text by dragging the mouse over it, as a researcher would. */
  async selectText(articleId: string, needle: string, occurrence = 0): Promise<void> {
    const box = await this.textBox(articleId, needle, occurrence)
    await this.page.mouse.move(box.left + 1, box.y)
    await this.page.mouse.down()
    await this.page.mouse.move((box.left + box.right) / 2, box.endY, { steps: 4 })
    await this.page.mouse.move(box.right - 1, box.endY, { steps: 4 })
    await this.page.mouse.up()
  }

  /** Clicks the middle of a piece of text (an annotation's highlight, say). */
  async clickText(articleId: string, needle: string, occurrence = 0): Promise<void> {
    let { middle } = await this.textBox(articleId, needle, occurrence)
    await this.page.mouse.move(middle.x, middle.y)
    // hovering may change what is painted, never the layout; measure again to be sure of the spot
    ;({ middle } = await this.textBox(articleId, needle, occurrence))
    await this.page.mouse.move(middle.x, middle.y)
    await this.page.mouse.down()
    await this.page.mouse.up()
  }

  /** The texts a named highlight paints (CSS Custom Highlight API) in every column's document, column by column. */
  async highlighted(name: string): Promise<string[]> {
    return this.page.evaluate((name) =>
      Array.from(document.querySelectorAll('iframe[data-testid="text-frame"]'), (frame) => {
        const view = (frame as HTMLIFrameElement).contentWindow as (Window & typeof globalThis) | null
        const highlight = view?.CSS.highlights.get(name)
        return highlight ? Array.from(highlight as unknown as Set<Range>, (range) => range.toString()) : []
      }).flat(),
    name)
  }

  /**
   * Waits until the app around the text shows what was done on it: a change made on the text (a tag,
   * a click) reaches it a frame after the text (`textFirst`), once that frame is painted and a task
   * has run after it.
   */
  async afterNextFrame(): Promise<void> {
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
  }

  /** Waits until every change made so far is on disk (the save indicator read once it shows the last one). */
  async waitUntilSaved(): Promise<void> {
    await this.afterNextFrame()
    await expect(this.page.getByTestId('save-indicator')).toHaveAttribute('data-state', 'saved')
  }

  get inspector(): Locator {
    return this.page.getByTestId('inspector')
  }

  async pressHotkey(key: string): Promise<void> {
    await this.page.keyboard.press(key)
  }
}
