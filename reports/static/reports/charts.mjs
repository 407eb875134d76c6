// Draws every chart on the page with the plotly.js that ships with Waymark (the strict bundle:
// no eval, so the content security policy needs no 'unsafe-eval'). Each chart's figure is JSON
// in a <script type="application/json"> beside it; the page's text summary and data table say
// everything the picture says, so a page without JavaScript loses nothing but the picture.
const config = { displayModeBar: false, responsive: true, displaylogo: false }

for (const plot of document.querySelectorAll('[data-waymark-chart]')) {
  const data = document.getElementById(plot.dataset.waymarkChart)
  if (!data || !window.Plotly) continue
  const figure = JSON.parse(data.textContent)
  window.Plotly.newPlot(plot, figure.data, figure.layout, config).then(() => {
    plot.classList.add('waymark-chart__plot--drawn')
  })
}
