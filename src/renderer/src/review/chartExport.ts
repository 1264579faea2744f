/** The chart as a picture: its SVG as it is, or drawn onto a canvas as PNG. */
/** The chart's own SVG: the largest in the container (legend icons are small SVGs of their own). */
function chartSvg(container: HTMLElement): SVGSVGElement {
  const area = (svg: SVGSVGElement) => svg.getBoundingClientRect().width * svg.getBoundingClientRect().height
  const svg = Array.from(container.querySelectorAll('svg')).sort((a, b) => area(b) - area(a))[0]
  if (!svg) throw new Error('There is no chart to save.')
  return svg
}

export function svgOf(container: HTMLElement): string {
  const svg = chartSvg(container)
  const copy = svg.cloneNode(true) as SVGSVGElement
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  const { width, height } = svg.getBoundingClientRect()
  copy.setAttribute('width', String(Math.round(width)))
  copy.setAttribute('height', String(Math.round(height)))
  // a white ground and the page's font, so that the file reads the same outside the app
  const ground = document.createElementNS('http://www.w3.org/2000/svg', 'rect')
  ground.setAttribute('width', '100%')
  ground.setAttribute('height', '100%')
  ground.setAttribute('fill', '#ffffff')
  copy.insertBefore(ground, copy.firstChild)
  copy.setAttribute('font-family', getComputedStyle(container).fontFamily)
  return new XMLSerializer().serializeToString(copy)
}

export async function pngOf(container: HTMLElement, scale = 2): Promise<Blob> {
  const svg = svgOf(container)
  const { width, height } = chartSvg(container).getBoundingClientRect()
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
