// The drill's metric charts, drawn with uPlot (vendored under vendor/uplot, no CDN): the
// weighted share of needs with a unit on scene, and the teams out, over the drill's hours,
// one line per strategy; a vertical line follows the timeline slider.
//
//   const charts = await initDrillCharts(el);   charts.draw(result);   charts.mark(120);
import { t } from "./i18n.js";
import { loadVendored } from "./vendored.js";

const COLOURS = { emkg: "#c0392b", closest: "#2471a3", random: "#7f8c8d", actual: "#1e8449" };

function loadUplot() {
  return loadVendored({
    script: "uplot/uPlot.iife.min.js",
    css: "uplot/uPlot.min.css",
    global: "uPlot",
    what: "the chart library",
  });
}

export async function initDrillCharts(el) {
  const uPlot = await loadUplot();
  let plots = [];
  let marker = 0;

  // A plugin drawing the slider's moment as a vertical line.
  const cursorLine = {
    hooks: {
      draw: [(u) => {
        const x = u.valToPos(marker / 60, "x", true);
        const { ctx } = u;
        ctx.save();
        ctx.strokeStyle = "#333";
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
      }],
    },
  };

  function chart(title, runs, key, percent) {
    const box = document.createElement("figure");
    box.className = "drill-chart";
    box.dataset.metric = key;
    const cap = document.createElement("figcaption");
    cap.textContent = title;
    box.append(cap);
    el.append(box);
    const xs = runs[0].metrics.series.map((p) => p.minute / 60);
    const data = [xs, ...runs.map((r) => r.metrics.series.map((p) => (percent ? p[key] * 100 : p[key])))];
    const width = Math.max(280, Math.min(560, el.clientWidth - 16));
    return new uPlot({
      width, height: 200, plugins: [cursorLine], legend: { live: false },
      scales: { x: { time: false }, y: percent ? { range: [0, 100] } : {} },
      axes: [{ label: t("drill.hours") }, { label: percent ? "%" : "", size: 44 }],
      series: [{ label: t("drill.hours") },
        ...runs.map((r) => ({ label: t(`drill.strategy.${r.strategy}`), stroke: COLOURS[r.strategy] || "#333",
          width: 2 }))],
    }, data, box);
  }

  return {
    draw(result) {
      plots.forEach((p) => p.destroy());
      el.replaceChildren();
      plots = [
        chart(t("drill.coverageChart"), result.runs, "covered", true),
        chart(t("drill.teamsChart"), result.runs, "teamsOut", false),
      ];
    },
    mark(minute) {
      marker = minute;
      plots.forEach((p) => p.redraw(false));
    },
  };
}
