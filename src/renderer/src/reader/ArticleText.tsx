import { memo, useLayoutEffect, useRef } from 'react'
import { splitLines } from '../../../shared/text-layout'

/**
 * The article's text, verbatim, one paragraph per line. It is built once per text, outside React,
 * so that highlights can be painted over its text nodes (CSS Custom Highlight API) without ever
 * rewriting them.
 */
export const ArticleText = memo(function ArticleText({ articleId, text, language }: { articleId: string; text: string; language: string }) {
  const container = useRef<HTMLElement>(null)

  useLayoutEffect(() => {
    const root = container.current
    if (!root) return
    const fragment = document.createDocumentFragment()
    for (const line of splitLines(text)) {
      const paragraph = document.createElement('p')
      paragraph.dataset.start = String(line.start)
      if (line.end === line.start) paragraph.className = 'blank'
      else paragraph.textContent = text.slice(line.start, line.end)
      fragment.append(paragraph)
    }
    root.replaceChildren(fragment)
  }, [text])

  return <article ref={container} className="article-text" data-testid="article-text" data-article-id={articleId} lang={language === "und" ? undefined : language} />
})
