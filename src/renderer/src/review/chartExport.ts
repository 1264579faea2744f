/** The chart as a picture, with its title and its legend: as SVG, or drawn onto a canvas as PNG. */
/** The chart's own SVG: the largest in the container (legend icons are small SVGs of their own). */
function chartSvg(container: HTMLElement): SVGSVGElement {
  const area = (svg: SVGSVGElement) => svg.getBoundingClientRect().width * svg.getBoundingClientRect().height
  const svg = Array.from(container.querySelectorAll('svg')).sort((a, b) => area(b) - area(a))[0]
  if (!svg) throw new Error('There is no chart to save.')
  return svg
}

/** What a saved chart says around its plot: the app shows these in HTML, which the chart's SVG leaves out. */
export interface ChartFrame {
  title: string
  legend: readonly { name: string; color: string }[]
}

const SVG_NS = 'http://www.w3.org/2000/svg'
const TITLE_HEIGHT = 30
const LEGEND_HEIGHT = 28

function svgElement(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG_NS, name)
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value))
  if (text !== undefined) element.textContent = text
  return element
}

/**
 * Where the saved picture's parts go: the plot under its title, and the legend's row where the app
 * shows it (Recharts keeps room for it at the foot of the plot), or below the plot without one.
 */
function layout(container: HTMLElement): { width: number; height: number; plotHeight: number; legendY: number } {
  const plot = chartSvg(container).getBoundingClientRect()
  const shown = container.querySelector('.recharts-legend-wrapper')?.getBoundingClientRect()
  const plotHeight = Math.round(plot.height)
  const height = plotHeight + TITLE_HEIGHT + (shown ? 0 : LEGEND_HEIGHT)
  const legendY = shown ? TITLE_HEIGHT + shown.top - plot.top + shown.height / 2 : height - LEGEND_HEIGHT / 2
  return { width: Math.round(plot.width), height, plotHeight, legendY }
}

export function svgOf(container: HTMLElement, frame: ChartFrame): string {
  const plot = chartSvg(container).cloneNode(true) as SVGSVGElement
  const { width, height, plotHeight, legendY: y } = layout(container)
  const font = getComputedStyle(container).fontFamily
  const picture = svgElement('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': font }) as SVGSVGElement
  // a white ground, so that the file reads the same outside the app
  picture.append(svgElement('rect', { width: '100%', height: '100%', fill: '#ffffff' }))
  picture.append(svgElement('text', { x: 12, y: 20, 'font-size': 14, 'font-weight': 600, fill: '#1d1f24' }, frame.title))
  // placed by its attributes alone: a style the page gave it (a width of 100%) would size it to the whole picture
  plot.removeAttribute('style')
  plot.setAttribute('x', '0')
  plot.setAttribute('y', String(TITLE_HEIGHT))
  plot.setAttribute('width', String(width))
  plot.setAttribute('height', String(plotHeight))
  picture.append(plot)
  // the legend in one row, in the bars' order, centred under the plot
  const itemWidth = (name: string) => 26 + name.length * 7.5
  let x = Math.max(12, (width - frame.legend.reduce((sum, item) => sum + itemWidth(item.name), 0)) / 2)
  for (const item of frame.legend) {
    picture.append(svgElement('rect', { x, y: y - 6, width: 12, height: 12, fill: item.color }))
    picture.append(svgElement('text', { x: x + 16, y: y + 4, 'font-size': 12, fill: '#1d1f24' }, item.name))
    x += itemWidth(item.name)
  }
  return new XMLSerializer().serializeToString(picture)
}

export async function pngOf(container: HTMLElement, frame: ChartFrame, scale = 2): Promise<Blob> {
  const svg = svgOf(container, frame)
  const { width, height } = layout(container)
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }))
  try {
    const image = new Image()
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve()
      image.onerror = () => reject(new Error('The chart could not be drawn.'))
      image.src = url
    })
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(width * scale)
    canvas.height = Math.round(height * scale)
    const context = canvas.getContext('2d') as CanvasRenderingContext2D
    context.scale(scale, scale)
    context.drawImage(image, 0, 0, width, height)
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The chart could not be drawn.'))), 'image/png'))
  } finally {
    URL.revokeObjectURL(url)
  }
}
