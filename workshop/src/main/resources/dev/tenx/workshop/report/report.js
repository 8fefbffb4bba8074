/*
 * results.html's chart code. It reads the results.json embedded in the page (script#results),
 * turns it into Apache ECharts options, one function per chart, and fills the page's sections.
 * Every figure comes from that JSON: where a run has several repetitions, a figure is the median
 * over them and a ratio the median of each repetition's own ratio (comparisons[]), as the
 * runner's tables summarise them. Each caption names the JSON fields its chart draws.
 */
(function () {
  'use strict';

  const RAW = document.getElementById('results').textContent;
  const RESULTS = JSON.parse(RAW);

  // Sizes a room can read from the back of it.
  const FONT = 18;
  const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
  const STAGE_COLORS = ['#d62728', '#ff7f0e', '#b8860b', '#2ca02c', '#17becf', '#1f77b4', '#9467bd'];
  const PEER_COLORS = ['#333333', '#8c564b', '#7f7f7f'];
  const PRODUCE_COLOR = '#2471a3';
  const REPLAY_COLOR = '#e67e22';
  const BROKER_COLOR = '#1b4f72';
  const CLIENT_COLOR = '#f0b400';
  /** A peer's bars: the same hue, lighter, so that the Kafka rows read as beside the stages. */
  const PEER_TINT = 0.55;
  const MIB = 1024 * 1024;
  const GIB = 1024 * MIB;
  const CHARTS = [];

  // ---------------------------------------------------------------- numbers

  function isNum(v) {
    return typeof v === 'number' && isFinite(v);
  }

  /** The middle value, the mean of the two middle ones for an even count; null when none is a number. */
  function median(values) {
    const sorted = values.filter(isNum).sort((a, b) => a - b);
    if (sorted.length === 0) {
      return null;
    }
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The value at a dotted path ("costs.broker.cpuMicrosPerRecord"), null where any step is missing. */
  function get(object, path) {
    return path.split('.').reduce((o, key) => (o === null || o === undefined ? null : o[key]), object);
  }

  /** Three significant digits, thousands separated: 4,106 / 35.4 / 0.0357. */
  function sig(v) {
    if (!isNum(v)) {
      return 'n/a';
    }
    if (Math.abs(v) >= 1000) {
      return Math.round(v).toLocaleString('en-US');
    }
    return String(Number(v.toPrecision(3)));
  }

  /** A rate on a bar: 666 / 23.6k / 3.98M. */
  function compact(v) {
    if (!isNum(v)) {
      return 'n/a';
    }
    const abs = Math.abs(v);
    if (abs >= 1e6) {
      return Number((v / 1e6).toPrecision(3)) + 'M';
    }
    if (abs >= 1e3) {
      return Number((v / 1e3).toPrecision(3)) + 'k';
    }
    return sig(v);
  }

  const SUPERSCRIPTS = {'-': '\u207b', 0: '\u2070', 1: '\u00b9', 2: '\u00b2', 3: '\u00b3', 4: '\u2074',
    5: '\u2075', 6: '\u2076', 7: '\u2077', 8: '\u2078', 9: '\u2079'};

  /** A power of ten as an axis label: 0.01, 1, 10k, 1M; 10⁻⁶ where the decimals would run long. */
  function decade(exponent) {
    if (exponent < -3) {
      return '10' + String(exponent).split('').map(c => SUPERSCRIPTS[c]).join('');
    }
    return compact(Math.pow(10, exponent));
  }

  /** {@code color} mixed with white: {@code share} of white. */
  function tint(color, share) {
    const rgb = [1, 3, 5].map(i => parseInt(color.substr(i, 2), 16));
    return 'rgb(' + rgb.map(c => Math.round(c + (255 - c) * share)).join(',') + ')';
  }

  function times(v) {
    return sig(v) + '\u00d7';
  }

  /** A log axis's bounds for lines: whole decades around the positive values. */
  function logRange(values) {
    const positive = values.filter(v => isNum(v) && v > 0);
    if (positive.length === 0) {
      return {min: 1, max: 10};
    }
    return {
      min: Math.pow(10, Math.floor(Math.log10(Math.min(...positive)))),
      max: Math.pow(10, Math.ceil(Math.log10(Math.max(...positive)))),
    };
  }

  /**
   * A log scale for bars, drawn as a linear axis of decades above a floor: ECharts' own log axis
   * grows every bar from 1, so a figure below 1 (0.0357 fsyncs per record) would hang down from
   * there. The floor is a decade at least half the smallest figure below it, so that every bar
   * shows; the top, one decade above the largest, leaves room for the labels over the bars.
   */
  function decadeScale(values) {
    const positive = values.filter(v => isNum(v) && v > 0);
    const floor = positive.length ? Math.floor(Math.log10(Math.min(...positive) / 2)) : 0;
    const top = positive.length ? Math.ceil(Math.log10(Math.max(...positive))) + 1 : 1;
    return {floor: floor, decades: top - floor, height: v => (isNum(v) && v > 0 ? Math.log10(v) - floor : null)};
  }

  // ---------------------------------------------------------------- the rows: one per stage and scenario

  /**
   * The stage runs grouped by scenario, stage (its label) and swept values, in the order they
   * first ran; each group keeps its runs and, index for index, their comparisons.
   */
  function groupRuns(results) {
    const groups = new Map();
    const comparisons = results.comparisons || [];
    results.stages.forEach((run, i) => {
      const sweep = Object.entries(run.sweep || {}).map(([k, v]) => k + '=' + v).join(', ');
      const key = [run.scenario.name, run.stage, sweep].join('\u0000');
      if (!groups.has(key)) {
        groups.set(key, {scenario: run.scenario, stage: run.stage, number: run.number, peer: run.number < 0,
          sweep: sweep, runs: [], comparisons: []});
      }
      const group = groups.get(key);
      group.runs.push(run);
      const comparison = comparisons[i];
      if (comparison && comparison.stage === run.stage && comparison.repetition === run.repetition) {
        group.comparisons.push(comparison);
      }
    });
    return [...groups.values()];
  }

  /** The median over a group's runs of the figure at {@code path}. */
  function fig(group, path) {
    return median(group.runs.map(run => get(run, path)));
  }

  /** The median over a group's repetitions of a comparisons[] ratio. */
  function ratio(group, field) {
    return median(group.comparisons.map(c => c[field]));
  }

  /** The scenarios in the order the run lists them, each with its rows. */
  function byScenario(groups) {
    const names = (RESULTS.scenarios || []).map(s => s.name);
    groups.forEach(g => {
      if (!names.includes(g.scenario.name)) {
        names.push(g.scenario.name);
      }
    });
    return names.map(name => ({name: name, rows: groups.filter(g => g.scenario.name === name)}))
      .filter(s => s.rows.length > 0);
  }

  const PEER_LABELS = [...new Set(RESULTS.stages.filter(r => r.number < 0).map(r => r.stage))];

  function colorOf(group) {
    if (group.peer) {
      return PEER_COLORS[PEER_LABELS.indexOf(group.stage) % PEER_COLORS.length];
    }
    return STAGE_COLORS[group.number % STAGE_COLORS.length];
  }

  /** "stage4-sequential-io" as "4 sequential-io"; a peer's label as it is, "Kafka" capitalised. */
  function shortName(group) {
    const name = group.peer ? group.stage.replace(/^kafka\b/, 'Kafka')
      : group.stage.replace(/^stage(\d+)-/, '$1 ');
    return group.sweep ? name + ' [' + group.sweep + ']' : name;
  }

  /** An x-axis label in two lines: the stage number, then the technique's word; a peer's system, then its settings. */
  function twoLines(group) {
    const name = shortName(group);
    const words = name.split(' ');
    const head = group.peer ? Math.min(2, words.length - 1) : 1;
    return words.slice(0, head).join(' ') + '\n' + words.slice(head).join(' ');
  }

  function describe(scenario) {
    const producers = scenario.producers === 1 ? 'one producer' : scenario.producers + ' producers';
    const rtt = scenario.rttMs > 0 ? ', ' + sig(scenario.rttMs) + ' ms round trip added' : '';
    return scenario.name + ': ' + scenario.recordSize.toLocaleString('en-US') + ' B records, ' + producers + rtt;
  }

  function repeatsNote() {
    return RESULTS.repeats > 1
      ? ' Each figure is the median of ' + RESULTS.repeats + ' repetitions; each ratio the median of the '
        + 'repetitions\' own ratios.'
      : '';
  }

  // ---------------------------------------------------------------- ECharts building blocks

  function base(option) {
    return Object.assign({
      animation: false,
      textStyle: {fontSize: FONT, fontFamily: FONT_FAMILY, color: '#1a1a1a'},
      tooltip: {trigger: 'item'},
    }, option);
  }

  function title(text, extra) {
    return Object.assign({text: text, left: 'center', top: 0, textStyle: {fontSize: 24, fontWeight: 'bold',
      color: '#1a1a1a'}}, extra);
  }

  function logAxis(name, range, extra) {
    return Object.assign({
      type: 'log', logBase: 10, min: range.min, max: range.max, name: name, nameLocation: 'middle', nameGap: 76,
      nameTextStyle: {fontSize: FONT}, axisLabel: {fontSize: FONT - 2, formatter: compact},
      splitLine: {lineStyle: {color: '#d0d0d0'}},
    }, extra);
  }

  /** The value axis of a {@link decadeScale}: a gridline per decade, labelled with the figure it stands for. */
  function decadeAxis(name, scale, extra) {
    return Object.assign({
      type: 'value', min: 0, max: scale.decades, interval: 1, name: name, nameLocation: 'middle', nameGap: 76,
      nameTextStyle: {fontSize: FONT}, axisLabel: {fontSize: FONT - 2, formatter: x => decade(x + scale.floor)},
      splitLine: {lineStyle: {color: '#d0d0d0'}},
    }, extra);
  }

  /** A bar's tooltip: the figure itself, not its height on the decade axis. */
  const BAR_TOOLTIP = {trigger: 'item', formatter: p => p.seriesName + ', ' + String(p.name).replace('\n', ' ') + ': '
    + (p.data && isNum(p.data.raw) ? sig(p.data.raw) : 'n/a')};

  function categoryAxis(labels, extra) {
    return Object.assign({
      type: 'category', data: labels, axisTick: {alignWithLabel: true},
      axisLabel: {fontSize: FONT - 1, interval: 0, lineHeight: 22, color: '#1a1a1a'},
    }, extra);
  }

  /**
   * One bar on a {@link decadeScale}, keeping its figure as {@code raw}: a peer's lighter, with a
   * dashed outline, so the Kafka rows read as beside the stages; a figure of 0, which no log scale
   * can place, as a "0" standing on the floor.
   */
  function bar(group, value, scale, color) {
    if (isNum(value) && value === 0) {
      return {value: 0, raw: 0, label: {show: true, formatter: '0', rotate: 0, align: 'center',
        verticalAlign: 'bottom', fontWeight: 'bold'}};
    }
    const item = {value: scale.height(value), raw: isNum(value) ? value : null};
    if (group.peer) {
      item.itemStyle = {color: tint(color, PEER_TINT), borderType: 'dashed', borderWidth: 2, borderColor: '#1a1a1a'};
    }
    return item;
  }

  // ---------------------------------------------------------------- 1. throughput

  const THROUGHPUT = [
    {name: 'produce (closed loop)', path: 'produce.recordsPerSecond', color: PRODUCE_COLOR,
      vsStage0: 'produceVsStage0', vsPrevious: 'produceVsPrevious'},
    {name: 'replay (log read from offset 0)', path: 'replay.recordsPerSecond', color: REPLAY_COLOR,
      vsStage0: 'replayVsStage0', vsPrevious: 'replayVsPrevious'},
  ];

  /** Produce and replay rate per stage on a log scale, each bar labelled with its rate, ×stage 0 and (×previous). */
  function throughputOption(scenario) {
    const rows = scenario.rows;
    const scale = decadeScale(rows.flatMap(g => THROUGHPUT.map(t => fig(g, t.path))));
    return base({
      title: title(describe(scenario.rows[0].scenario)),
      tooltip: BAR_TOOLTIP,
      legend: {top: 38, itemWidth: 30, itemHeight: 18, textStyle: {fontSize: FONT}},
      grid: {left: 110, right: 24, top: 96, bottom: 70},
      xAxis: categoryAxis(rows.map(twoLines)),
      yAxis: decadeAxis('records per second (log scale)', scale),
      series: THROUGHPUT.map(t => ({
        name: t.name, type: 'bar', barGap: '8%', barCategoryGap: '22%', itemStyle: {color: t.color},
        data: rows.map(g => bar(g, fig(g, t.path), scale, t.color)),
        label: {
          show: true, position: 'top', fontSize: 15, lineHeight: 18, color: '#1a1a1a',
          formatter: p => {
            const g = rows[p.dataIndex];
            const lines = [compact(p.data.raw)];
            const cumulative = ratio(g, t.vsStage0);
            const step = ratio(g, t.vsPrevious);
            if (isNum(cumulative)) {
              lines.push(times(cumulative));
            }
            if (isNum(step)) {
              lines.push('(' + times(step) + ')');
            }
            return lines.join('\n');
          },
        },
      })),
    });
  }

  function throughputSection(scenarios, parent) {
    scenarios.forEach(s => chart(parent, 'throughput', () => throughputOption(s), [
      'Records per second per stage, median over repetitions: produce ', code('stages[].produce.recordsPerSecond'),
      ', replay ', code('stages[].replay.recordsPerSecond'), '. Above each bar: the rate, then \u00d7 stage 0 ',
      code('comparisons[].produceVsStage0'), ' / ', code('replayVsStage0'), ', then in brackets \u00d7 the stage before ',
      code('comparisons[].produceVsPrevious'), ' / ', code('replayVsPrevious'),
      ', both within the same scenario and repetition. Log scale: each gridline is ten times the one below.'
        + ' Kafka\'s bars are lighter, outlined, after the stages; they are compared with stage 0, never counted as'
        + ' a previous stage.' + repeatsNote()]));
  }

  // ---------------------------------------------------------------- 2. costs per record

  const COST_PANELS = [
    {title: 'fsyncs per record', sides: [['broker', 'costs.fsyncsPerRecord']]},
    {title: 'system calls per record', sides: [['broker', 'costs.broker.syscallsPerRecord'],
      ['client', 'costs.client.syscallsPerRecord']]},
    {title: 'CPU \u00b5s per record', sides: [['broker', 'costs.broker.cpuMicrosPerRecord'],
      ['client', 'costs.client.cpuMicrosPerRecord']]},
    {title: 'bytes allocated per record', sides: [['broker', 'costs.broker.allocatedBytesPerRecord'],
      ['client', 'costs.client.allocatedBytesPerRecord']]},
  ];
  const SIDE_COLORS = {broker: BROKER_COLOR, client: CLIENT_COLOR};

  /** Per record the replay read: what serving and reading fetches cost; the client is then the consumer. */
  const REPLAY_COST_PANELS = [
    {title: 'system calls per replayed record', sides: [['broker', 'replay.broker.syscallsPerRecord'],
      ['client', 'replay.client.syscallsPerRecord']]},
    {title: 'CPU \u00b5s per replayed record', sides: [['broker', 'replay.broker.cpuMicrosPerRecord'],
      ['client', 'replay.client.cpuMicrosPerRecord']]},
    {title: 'bytes allocated per replayed record', sides: [['broker', 'replay.broker.allocatedBytesPerRecord'],
      ['client', 'replay.client.allocatedBytesPerRecord']]},
  ];

  /** Up to four panels, two by two, one per cost; broker and client bars side by side, each on a log scale. */
  function costsOption(scenario, panels = COST_PANELS, what = 'what a record costs') {
    const rows = panels === COST_PANELS ? scenario.rows : scenario.rows.filter(g => g.runs.some(r => r.replay));
    const grids = [];
    const xAxes = [];
    const yAxes = [];
    const titles = [title(describe(rows[0].scenario) + ': ' + what)];
    const series = [];
    panels.forEach((panel, i) => {
      const left = i % 2 === 0 ? 8 : 58;
      const top = i < 2 ? 120 : 560;
      grids.push({left: left + '%', width: '38%', top: top, height: 250});
      titles.push({text: panel.title, left: (left + 19) + '%', top: top - 44, textAlign: 'center',
        textStyle: {fontSize: 21, fontWeight: 'bold', color: '#1a1a1a'}});
      const scale = decadeScale(rows.flatMap(g => panel.sides.map(([, path]) => fig(g, path))));
      xAxes.push(categoryAxis(rows.map(g => shortName(g).replace(/ \d+\.\d+\.\d+ /, ' ')), {gridIndex: i,
        axisLabel: {fontSize: 15, interval: 0, rotate: 30, color: '#1a1a1a'}}));
      yAxes.push(decadeAxis('', scale, {gridIndex: i, nameGap: 0}));
      panel.sides.forEach(([side, path]) => series.push({
        name: side, type: 'bar', xAxisIndex: i, yAxisIndex: i, barGap: '8%', itemStyle: {color: SIDE_COLORS[side]},
        data: rows.map(g => bar(g, fig(g, path), scale, SIDE_COLORS[side])),
        label: {show: true, position: 'top', rotate: 90, align: 'left', verticalAlign: 'middle', distance: 6,
          fontSize: 14, color: '#1a1a1a', formatter: p => sig(p.data.raw)},
      }));
    });
    return base({
      title: titles,
      tooltip: BAR_TOOLTIP,
      legend: {top: 38, data: ['broker', 'client'], itemWidth: 30, itemHeight: 18, textStyle: {fontSize: FONT}},
      grid: grids, xAxis: xAxes, yAxis: yAxes, series: series,
    });
  }

  function costsSection(scenarios, parent) {
    scenarios.forEach(s => chart(parent, 'costs', () => costsOption(s), [
      'Per record of the measured produce window, median over repetitions, log scales: fsyncs ',
      code('stages[].costs.fsyncsPerRecord'), '; read- and write-family system calls from /proc/<pid>/io ',
      code('costs.broker.syscallsPerRecord'), ', ', code('costs.client.syscallsPerRecord'), '; CPU ',
      code('costs.broker.cpuMicrosPerRecord'), ', ', code('costs.client.cpuMicrosPerRecord'), '; heap allocation ',
      code('costs.broker.allocatedBytesPerRecord'), ', ', code('costs.client.allocatedBytesPerRecord'),
      '. The client is the load generator\'s JVM (producers, consumer). A 0 is written at the axis\' floor;'
        + ' a figure not measured (n/a off Linux) has no bar.' + repeatsNote()]));
  }

  function replayCostsSection(scenarios, parent) {
    scenarios.filter(s => s.rows.some(g => g.runs.some(r => r.replay && r.replay.broker)))
      .forEach(s => chart(parent, 'costs', () => costsOption(s, REPLAY_COST_PANELS, 'what a replayed record costs'), [
        'Per record the consumer read in the measured replay, median over repetitions, log scales: read- and',
        ' write-family system calls ', code('stages[].replay.broker.syscallsPerRecord'), ', ',
        code('replay.client.syscallsPerRecord'), ' (a sendfile counts as one read and one write); CPU ',
        code('replay.broker.cpuMicrosPerRecord'), ', ', code('replay.client.cpuMicrosPerRecord'), '; heap allocation ',
        code('replay.broker.allocatedBytesPerRecord'), ', ', code('replay.client.allocatedBytesPerRecord'),
        '. The client is then the consumer alone. A 0 is written at the axis\' floor; a stage without a replay,'
          + ' or a figure not measured, has no bar.' + repeatsNote()]));
  }

  // ---------------------------------------------------------------- 3. latency

  const PERCENTILES = [['p50', 'openLoop.latency.p50Ms'], ['p99', 'openLoop.latency.p99Ms'],
    ['p99.9', 'openLoop.latency.p999Ms'], ['max', 'openLoop.latency.maxMs']];

  /** One line per stage through the four latency points the run records; log scale. */
  function latencyOption(scenario) {
    const rows = scenario.rows.filter(g => g.runs.some(r => r.openLoop));
    const values = rows.flatMap(g => PERCENTILES.map(([, path]) => fig(g, path)));
    const range = logRange(values);
    return base({
      title: title(describe(rows[0].scenario) + ': open-loop latency, ms'),
      tooltip: {trigger: 'axis', valueFormatter: v => sig(v) + ' ms'},
      legend: {orient: 'vertical', right: 8, top: 60, itemWidth: 34, itemHeight: 16, textStyle: {fontSize: 16}},
      grid: {left: 110, right: 430, top: 60, bottom: 50},
      xAxis: categoryAxis(PERCENTILES.map(([label]) => label), {boundaryGap: true,
        axisLabel: {fontSize: FONT, color: '#1a1a1a'}}),
      yAxis: logAxis('ms from the record\'s due time (log scale)', range),
      series: rows.map(g => ({
        name: shortName(g) + ' @ ' + compact(fig(g, 'openLoop.offeredRecordsPerSecond')) + '/s',
        type: 'line', color: colorOf(g), symbol: 'circle', symbolSize: 11,
        lineStyle: {width: 3, type: g.peer ? 'dashed' : 'solid'},
        data: PERCENTILES.map(([, path]) => {
          const v = fig(g, path);
          return isNum(v) && v > 0 ? v : null;
        }),
      })),
    });
  }

  function latencySection(scenarios, parent) {
    const measured = scenarios.filter(s => s.rows.some(g => g.runs.some(r => r.openLoop)));
    if (measured.length === 0) {
      note(parent, 'No open-loop latency phase in this run (latency.ms=0, or a sweep).');
      return;
    }
    measured.forEach(s => chart(parent, 'latency', () => latencyOption(s), [
      'Open loop: records due on a fixed timetable at the offered rate (the legend\'s @, ',
      code('stages[].openLoop.offeredRecordsPerSecond'), ', a share of each stage\'s own closed-loop rate), latency'
        + ' from each record\'s due time to its acknowledgement. results.json keeps four points per run, ',
      code('openLoop.latency.p50Ms'), ', ', code('p99Ms'), ', ', code('p999Ms'), ', ', code('maxMs'),
      ': the curve is those points joined by straight lines, not a measured curve between them. Median over'
        + ' repetitions, log scale; Kafka dashed.' + repeatsNote()]));
  }

  // ---------------------------------------------------------------- 4. the Kafka peers beside the stages

  const PEER_COLUMNS = [
    ['produce rec/s', g => sig(fig(g, 'produce.recordsPerSecond'))],
    ['\u00d7 stage 0', g => times(ratio(g, 'produceVsStage0'))],
    ['replay rec/s', g => sig(fig(g, 'replay.recordsPerSecond'))],
    ['\u00d7 stage 0', g => times(ratio(g, 'replayVsStage0'))],
    ['open-loop p99 ms', g => sig(fig(g, 'openLoop.latency.p99Ms'))],
    ['fsyncs/rec', g => sig(fig(g, 'costs.fsyncsPerRecord'))],
    ['broker syscalls/rec', g => sig(fig(g, 'costs.broker.syscallsPerRecord'))],
    ['broker CPU \u00b5s/rec', g => sig(fig(g, 'costs.broker.cpuMicrosPerRecord'))],
  ];

  function peersSection(scenarios, parent) {
    if (PEER_LABELS.length === 0) {
      note(parent, 'No Kafka peer in this run (-Pcompare runs them; -Dpeers=false leaves them out).');
      return;
    }
    parent.appendChild(el('p', {}, ['Kafka runs the same workloads in every scenario, as rows of its own after the'
      + ' stages: in every chart above its bars are lighter and outlined, its latency lines dashed. Here, per'
      + ' scenario, the last stage and the peers side by side.']));
    scenarios.forEach(s => {
      const stages = s.rows.filter(g => !g.peer);
      const rows = stages.slice(-1).concat(s.rows.filter(g => g.peer));
      parent.appendChild(el('h3', {}, [describe(s.rows[0].scenario)]));
      parent.appendChild(table(['', ...PEER_COLUMNS.map(c => c[0])],
        rows.map(g => [g.stage, ...PEER_COLUMNS.map(c => c[1](g))])));
    });
    caption(parent, ['Medians over repetitions of ', code('stages[].produce.recordsPerSecond'), ', ',
      code('comparisons[].produceVsStage0'), ', ', code('stages[].replay.recordsPerSecond'), ', ',
      code('comparisons[].replayVsStage0'), ', ', code('stages[].openLoop.latency.p99Ms'), ', ',
      code('stages[].costs.fsyncsPerRecord'), ', ', code('costs.broker.syscallsPerRecord'), ', ',
      code('costs.broker.cpuMicrosPerRecord'), '; a peer\'s rows are those whose ', code('stages[].number'),
      ' is -1. What each Kafka configuration promises, and why its columns read differently: workshop/KAFKA.md.']);
  }

  // ---------------------------------------------------------------- 5. overload

  function stageColor(name, index) {
    const m = /^stage(\d+)-/.exec(name);
    return m ? STAGE_COLORS[Number(m[1]) % STAGE_COLORS.length] : PEER_COLORS[index % PEER_COLORS.length];
  }

  function peak(samples, field) {
    return Math.max(...samples.map(s => s[field]).filter(v => isNum(v) && v >= 0));
  }

  function peakMib(samples, field) {
    const bytes = peak(samples, field);
    return isNum(bytes) ? 'peak ' + sig(bytes / MIB) + ' MiB' : 'no answer';
  }

  const SECONDS_AXIS = {type: 'value', min: 0, max: 'dataMax', name: 'seconds since the load started',
    nameLocation: 'middle', nameGap: 40, nameTextStyle: {fontSize: FONT}, axisLabel: {fontSize: FONT - 2}};

  /** What the producers held, and the broker's heap, over time, in MiB on a linear scale: the bound is the point. */
  function overloadMemoryOption(outcomes) {
    const series = [];
    outcomes.forEach((o, i) => {
      const color = stageColor(o.stage, i);
      series.push({
        name: o.stage + ': producers hold (' + peakMib(o.samples, 'producerBufferedBytes') + ')',
        type: 'line', color: color, symbol: 'circle', symbolSize: 8, lineStyle: {width: 4},
        data: o.samples.map(s => [s.atMs / 1000, s.producerBufferedBytes >= 0 ? s.producerBufferedBytes / MIB : null]),
      });
      series.push({
        name: o.stage + ': broker heap (' + peakMib(o.samples, 'brokerHeapBytes') + ')',
        type: 'line', color: color, symbol: 'none', lineStyle: {width: 2, type: 'dashed'},
        data: o.samples.map(s => [s.atMs / 1000, s.brokerHeapBytes >= 0 ? s.brokerHeapBytes / MIB : null]),
      });
    });
    return base({
      title: title('Memory under overload, MiB'),
      tooltip: {trigger: 'axis', valueFormatter: v => sig(v) + ' MiB'},
      legend: {top: 40, textStyle: {fontSize: 17}, itemWidth: 34},
      grid: {left: 110, right: 40, top: 130, bottom: 70},
      xAxis: SECONDS_AXIS,
      yAxis: {type: 'value', name: 'MiB', nameLocation: 'middle', nameGap: 70, nameTextStyle: {fontSize: FONT},
        axisLabel: {fontSize: FONT - 2}, splitLine: {lineStyle: {color: '#d0d0d0'}}},
      series: series,
    });
  }

  /** Each sample interval's p99 from the intended send time, on a log scale. */
  function overloadLatencyOption(outcomes) {
    const values = outcomes.flatMap(o => o.samples.map(s => s.p99Ms));
    return base({
      title: title('p99 under overload, ms from each record\'s due time'),
      tooltip: {trigger: 'axis', valueFormatter: v => sig(v) + ' ms'},
      legend: {top: 40, textStyle: {fontSize: 17}, itemWidth: 34},
      grid: {left: 110, right: 40, top: 100, bottom: 70},
      xAxis: SECONDS_AXIS,
      yAxis: logAxis('p99 ms (log scale)', logRange(values)),
      series: outcomes.map((o, i) => ({
        name: o.stage + (o.result ? ' (whole run p99 ' + sig(o.result.p99Ms) + ' ms)' : ''),
        type: 'line', color: stageColor(o.stage, i), symbol: 'circle', symbolSize: 8, lineStyle: {width: 4},
        data: o.samples.map(s => [s.atMs / 1000, isNum(s.p99Ms) && s.p99Ms > 0 ? s.p99Ms : null]),
      })),
    });
  }

  const OVERLOAD_COLUMNS = [
    ['offered rec/s', o => sig(get(o, 'result.offeredPerSecond'))],
    ['acked rec/s', o => sig(get(o, 'result.acknowledgedPerSecond'))],
    ['p99 ms', o => sig(get(o, 'result.p99Ms'))],
    ['producers\' peak MiB', o => sig(peak(o.samples, 'producerBufferedBytes') / MIB)],
    ['failed sends', o => (o.result ? Object.entries(o.result.errorsByType).map(([k, v]) => k + ' ' + sig(v))
      .join(', ') || 'none' : 'n/a')],
    ['broker survived', o => (o.brokerSurvived ? 'yes' : 'NO')],
    ['acknowledged read back', o => (!o.result ? 'not checked' : o.result.verified === null ? 'not checked'
      : o.result.verified ? 'yes' : 'NO')],
  ];

  function overloadSection(parent) {
    const overload = RESULTS.overload;
    if (!overload) {
      note(parent, 'No overload scenario in this run (-Doverload=true adds it).');
      return;
    }
    const s = overload.settings;
    parent.appendChild(el('p', {}, [s['overload.producers'] + ' producers of ' + s['overload.record.size']
      + ' B records, ' + sig(s['overload.rate']) + ' records/s due in all for ' + sig(s['overload.duration.ms'] / 1000)
      + ' s on a fixed timetable (open loop), each producer bounded only by its own stage; stage keys '
      + s['overload.stage.props'] + '.']));
    const outcomes = overload.outcomes;
    chart(parent, 'overload', () => overloadMemoryOption(outcomes), [
      'Sampled every ', String(s['overload.sample.ms']), ' ms: what all producers held, ',
      code('overload.outcomes[].samples[].producerBufferedBytes'), ' (solid), and the broker\'s heap in use, ',
      code('brokerHeapBytes'), ' (dashed), against ', code('atMs'), '. Linear scale.']);
    chart(parent, 'overload', () => overloadLatencyOption(outcomes), [
      'p99 of each interval\'s acknowledgements from their intended send time, ',
      code('overload.outcomes[].samples[].p99Ms'), '; the legend\'s whole-run p99 is ',
      code('overload.outcomes[].result.p99Ms'), '. Log scale; an interval with no acknowledgement has no point.']);
    parent.appendChild(table(['stage', ...OVERLOAD_COLUMNS.map(c => c[0])],
      outcomes.map(o => [o.stage, ...OVERLOAD_COLUMNS.map(c => c[1](o))]), [5, 6, 7]));
    caption(parent, ['From ', code('overload.outcomes[].result'), ' (', code('offeredPerSecond'), ', ',
      code('acknowledgedPerSecond'), ', ', code('p99Ms'), ', ', code('errorsByType'), ', ', code('verified'), '), ',
      code('brokerSurvived'), ' and the samples\' peak. Every knob of the scenario: ', code('overload.settings'), '.']
      .concat(outcomes.filter(o => o.failure).map(o => ' ' + o.stage + ': ' + o.failure + '.')));
  }

  // ---------------------------------------------------------------- 6. the machine and its calibration

  function machineSection(parent) {
    const m = RESULTS.machine;
    parent.appendChild(table(['', ''], [
      ['cores', String(m.cores)],
      ['CPU', m.cpuModel],
      ['memory', sig(m.memoryBytes / GIB) + ' GiB'],
      ['JDK', m.jdk],
      ['kernel', m.os],
      ['broker JVM, one per stage run', (RESULTS.brokerJvmArgs || []).join(' ')],
      ['client JVM (load generator), one per stage run', (RESULTS.clientJvmArgs || []).join(' ')],
    ], true));
    caption(parent, [code('machine'), ', ', code('brokerJvmArgs'), ', ', code('clientJvmArgs'),
      '; every knob of the run: ', code('runner'), '.']);

    const c = RESULTS.calibration;
    const rows = [['loopback round trip, 1 B, TCP_NODELAY', c.loopbackRoundTrip],
      ['fsync after a 4 KB write', c.fsyncAfter4KbWrite]]
      .concat((c.delayProxyRoundTrips || []).map(p => ['round trip through the delay proxy, rtt.ms=' + sig(p.rttMs),
        p.roundTrip]));
    parent.appendChild(el('h3', {}, ['Calibration, measured at the start of this run']));
    parent.appendChild(table(['measurement', 'p50 \u00b5s', 'p99 \u00b5s', 'samples'],
      rows.map(([label, p]) => [label, sig(p.p50Micros), sig(p.p99Micros), sig(p.samples)])));
    caption(parent, [code('calibration.loopbackRoundTrip'), ', ', code('calibration.fsyncAfter4KbWrite'), ', ',
      code('calibration.delayProxyRoundTrips[]'), ': what stage 0 pays per record before any technique (a round'
        + ' trip, and an fsync per write), measured on this machine in this run.']);

    const load = RESULTS.load;
    if (load) {
      parent.appendChild(el('h3', {}, ['How busy the machine was']));
      const fsyncs = Object.entries(load.fsyncVsCalibration || {}).map(([k, v]) => k + ' ' + times(v)).join(', ');
      parent.appendChild(table(['', ''], [
        ['other processes, cores on average', sig(load.otherCores) + ' of ' + load.cores],
        ['steal', isNum(load.stealShare) ? sig(100 * load.stealShare) + '%' : 'n/a'],
        ['load average at start, at end', sig(load.loadAtStart) + ', ' + sig(load.loadAtEnd)],
        ['in-run fsync / calibration fsync p50', fsyncs || 'n/a'],
      ], true));
      caption(parent, [code('load.otherCores'), ', ', code('load.stealShare'), ', ', code('load.loadAtStart'), ', ',
        code('load.loadAtEnd'), ', ', code('load.fsyncVsCalibration'), ', ', code('load.busy'), '.']);
    }
  }

  // ---------------------------------------------------------------- the page

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
    (children || []).forEach(child => node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child));
    return node;
  }

  function code(text) {
    return el('code', {}, [text]);
  }

  function caption(parent, parts) {
    parent.appendChild(el('p', {class: 'caption'}, parts));
  }

  function note(parent, text) {
    parent.appendChild(el('p', {class: 'none'}, [text]));
  }

  /**
   * A table of text cells, figures right-aligned; {@code textColumns}: true left-aligns every
   * column (a label/value table), an array of indexes those columns only.
   */
  function table(headers, rows, textColumns) {
    const isText = i => textColumns === true || (Array.isArray(textColumns) && textColumns.includes(i));
    const head = headers.some(h => h !== '') ? [el('tr', {}, headers.map((h, i) => el('th', isText(i) ? {class: 'text'} : {}, [h])))] : [];
    return el('table', {}, head.concat(rows.map(row => el('tr', {},
      row.map((cell, i) => el('td', isText(i) ? {class: 'text'} : {}, [String(cell)]))))));
  }

  /** A chart and its caption; a chart that fails says so in its place, and the others are still drawn. */
  function chart(parent, kind, option, captionParts) {
    const div = el('div', {class: 'chart ' + kind});
    parent.appendChild(div);
    caption(parent, captionParts);
    try {
      const instance = echarts.init(div, null, {renderer: 'canvas'});
      instance.setOption(option());
      CHARTS.push(instance);
    } catch (e) {
      div.className = 'error';
      div.textContent = 'This chart could not be drawn: ' + e;
    }
  }

  function header() {
    const scenarios = (RESULTS.scenarios || []).map(s => s.name).join(', ');
    const stages = new Set(RESULTS.stages.filter(r => r.number >= 0).map(r => r.stage)).size;
    const peers = PEER_LABELS.length > 0 ? ' and ' + PEER_LABELS.length + ' Kafka peer' + (PEER_LABELS.length > 1 ? 's' : '') : '';
    document.title = 'tenx comparison run ' + RESULTS.timestamp;
    document.getElementById('title').textContent = 'tenx comparison run, ' + RESULTS.timestamp;
    document.getElementById('summary').textContent = stages + ' stages' + peers + ', in ' + scenarios
      + '; ' + RESULTS.stages.length + ' stage runs (repeats=' + RESULTS.repeats + ')'
      + (RESULTS.overload ? '; then the overload scenario' : '') + '. Schema version ' + RESULTS.schemaVersion + '.';
    const load = RESULTS.load;
    const verdict = document.getElementById('verdict');
    if (load && typeof load.busy === 'boolean') {
      verdict.className = load.busy ? 'busy' : 'quiet';
      verdict.textContent = (load.busy ? 'BUSY MACHINE: figures are lower than on a quiet one, stage 0\'s most.'
        : 'Machine quiet enough for this run.') + ' Other processes used ' + sig(load.otherCores) + ' of '
        + load.cores + ' cores on average (load.otherCores, load.busy).';
    }
    if (RESULTS.sweep && Object.keys(RESULTS.sweep).length > 0) {
      verdict.appendChild(el('span', {}, [' A sweep: rows differ in more than the stage, so no ratio is drawn.']));
    }
  }

  /** The download gives results.json's own text: the page's two escapes undone (HtmlReport.embeddable). */
  function download() {
    const text = RAW.replace(/<\\\//g, '\u003c/').replace(/\\u003c!--/g, '\u003c!--');
    const link = document.getElementById('download');
    link.href = URL.createObjectURL(new Blob([text], {type: 'application/json'}));
  }

  header();
  download();
  const scenarios = byScenario(groupRuns(RESULTS));
  throughputSection(scenarios, document.getElementById('throughput-charts'));
  costsSection(scenarios, document.getElementById('costs-charts'));
  replayCostsSection(scenarios, document.getElementById('replay-costs-charts'));
  latencySection(scenarios, document.getElementById('latency-charts'));
  peersSection(scenarios, document.getElementById('peers-tables'));
  overloadSection(document.getElementById('overload-charts'));
  machineSection(document.getElementById('machine-tables'));
  window.addEventListener('resize', () => CHARTS.forEach(c => c.resize()));
  // For tools/render-report.sh, which sizes its screenshot to the whole page from it.
  document.body.setAttribute('data-page-height', String(document.documentElement.scrollHeight));
}());
