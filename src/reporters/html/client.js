// Draws the report's charts in the browser with uPlot (inlined before this script) from the JSON
// in #obsbench-data. Each chart's spec (x values, series, axes) is decided by the report's
// TypeScript; this only draws, follows the page's light or dark colours and resizes. After
// drawing, each chart records how many points it drew: data-points on its element and an entry
// { id, points } in window.obsbenchCharts, for tests.
(() => {
  const data = JSON.parse(document.getElementById('obsbench-data').textContent);
  const plots = new Map();
  window.obsbenchCharts = [];

  const trim = (v) => String(Number(v.toPrecision(4)));
  const compact = (v) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return '-';
    const a = Math.abs(v);
    if (a >= 1e9) return `${trim(v / 1e9)}G`;
    if (a >= 1e6) return `${trim(v / 1e6)}M`;
    if (a >= 1e4) return `${trim(v / 1e3)}K`;
    return trim(v);
  };
  // Axis ticks: as many decimals as the step between ticks needs (99.8, 100.0, 100.2), K/M/G above 10 000.
  const tickLabels = (_u, splits) => {
    const top = Math.max(...splits.map(Math.abs));
    const [div, suffix] =
      top >= 1e9 ? [1e9, 'G'] : top >= 1e6 ? [1e6, 'M'] : top >= 1e4 ? [1e3, 'K'] : [1, ''];
    const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : top || 1;
    let decimals = 0;
    while (
      decimals < 6 &&
      Math.abs((step / div) * 10 ** decimals - Math.round((step / div) * 10 ** decimals)) > 1e-6
    ) {
      decimals++;
    }
    return splits.map((v) => (v === 0 ? '0' : `${(v / div).toFixed(decimals)}${suffix}`));
  };
  // x = 1 / (1 - p) on the percentile axis: 10 is 90%, 100 is 99%, 1000 is 99.9%.
  const percentLabel = (x, exact) => {
    const pct = 100 * (1 - 1 / x);
    const log = Math.log10(x);
    const digits = exact ? Math.max(0, Math.round(log) - 2) : Math.max(0, Math.ceil(log - 1e-9) - 1);
    return `${pct.toFixed(digits)}%`;
  };
  const xLegend = { seconds: 'second', percentile: 'percentile', rate: 'rate' };
  const xValue = {
    seconds: (v) => `${v} s`,
    percentile: (v) => percentLabel(v, false),
    rate: (v) => `${compact(v)}/s`,
  };

  function powersOfTen(min, max) {
    const out = [];
    for (let e = Math.ceil(Math.log10(min) - 1e-9); 10 ** e <= max * (1 + 1e-9); e++) out.push(10 ** e);
    return out;
  }

  function options(spec, width, colour) {
    const fg = colour('--muted');
    const grid = { stroke: colour('--grid'), width: 1 };
    const percentile = spec.x.kind === 'percentile';
    // The percentile axis ends at the last point, not at the next whole decade.
    const scales = {
      x: percentile
        ? { time: false, distr: 3, log: 10, range: (_u, min, max) => [min, max] }
        : { time: false },
    };
    spec.axes.forEach((axis, i) => {
      // From 0, or around the data with a margin (an accepted share of 100% reads as a line near the top).
      scales[`y${i}`] = {
        range: axis.fromZero
          ? (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1]
          : (_u, min, max) => {
              const pad = Math.max((max - min) * 0.1, Math.abs(max) * 0.005, 0.1);
              return [min - pad, max + pad];
            },
      };
    });
    const xAxis = { stroke: fg, grid, ticks: grid, label: spec.x.label, labelSize: 22 };
    if (percentile) {
      xAxis.splits = (_u, _i, min, max) => powersOfTen(min, max);
      xAxis.values = (_u, splits) => splits.map((x) => percentLabel(x, true));
    } else if (spec.x.kind === 'rate') {
      xAxis.values = tickLabels;
    }
    const yAxes = spec.axes.map((axis, i) => ({
      scale: `y${i}`,
      side: i === 0 ? 3 : 1,
      label: axis.label,
      labelSize: 22,
      size: 56,
      stroke: fg,
      grid: i === 0 ? grid : { show: false },
      ticks: grid,
      values: tickLabels,
    }));
    const markX = spec.markX;
    return {
      width,
      height: width < 500 ? 200 : 240,
      scales,
      axes: [xAxis, ...yAxes],
      series: [
        { label: xLegend[spec.x.kind], value: (_u, v) => (v === null ? '-' : xValue[spec.x.kind](v)) },
        ...spec.series.map((s) => ({
          label: s.label,
          scale: `y${s.axis}`,
          stroke: colour(s.color),
          width: 1.6,
          dash: s.dash ? [6, 4] : undefined,
          points: { show: Boolean(s.points), size: 6, fill: colour(s.color) },
          value: (_u, v) => compact(v),
        })),
      ],
      hooks: markX ? { draw: [(u) => drawMark(u, markX, colour('--fg'), colour('--card'))] } : {},
    };
  }

  function drawMark(u, mark, stroke, background) {
    const x = u.valToPos(mark.value, 'x', true);
    const { ctx, bbox } = u;
    const ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.strokeStyle = stroke;
    ctx.lineWidth = ratio;
    ctx.setLineDash([4 * ratio, 4 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.font = `${12 * ratio}px system-ui, sans-serif`;
    const text = mark.label;
    const w = ctx.measureText(text).width;
    const left = Math.min(x + 4 * ratio, bbox.left + bbox.width - w);
    // On the card's colour, so the label stays legible over a series.
    ctx.fillStyle = background;
    ctx.fillRect(left - 2 * ratio, bbox.top + 2 * ratio, w + 4 * ratio, 16 * ratio);
    ctx.fillStyle = stroke;
    ctx.fillText(text, left, bbox.top + 14 * ratio);
    ctx.restore();
  }

  function drawAll() {
    const style = getComputedStyle(document.documentElement);
    const colour = (name) => style.getPropertyValue(name).trim();
    for (const u of plots.values()) u.destroy();
    plots.clear();
    window.obsbenchCharts = [];
    for (const spec of data.charts) {
      const el = document.getElementById(spec.id);
      if (!el) continue;
      const u = new uPlot(
        options(spec, el.clientWidth || 600, colour),
        [spec.x.values, ...spec.series.map((s) => s.values)],
        el,
      );
      plots.set(spec.id, u);
      el.dataset.points = String(u.data[0].length);
      window.obsbenchCharts.push({ id: spec.id, points: u.data[0].length });
    }
  }

  let resizing = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      for (const [id, u] of plots) {
        const width = document.getElementById(id).clientWidth;
        u.setSize({ width, height: width < 500 ? 200 : 240 });
      }
    }, 100);
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', drawAll);
  drawAll();
})();
