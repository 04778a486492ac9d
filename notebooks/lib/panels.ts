/**
 * A column of charts with a small heading each (one per token: amounts of different tokens never share an
 * axis). Returns the single chart itself when there is one panel and no heading is needed.
 */
export function panels(document: Document, items: { heading: string; chart: Element }[]): Element {
  const div = document.createElement('div')
  div.className = 'panels'
  for (const { heading, chart } of items) {
    const panel = document.createElement('div')
    panel.className = 'panel'
    const h = document.createElement('h3')
    h.textContent = heading
    panel.append(h, chart)
    div.append(panel)
  }
  return div
}
