import { BarChart, LineChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/*
 * Apache ECharts, only the parts the dashboard draws (bars, lines, a pie; grid, legend, tooltip) with the SVG
 * renderer, in a chunk of its own: the page loads it on first show (dynamic import), so no other page pays.
 * Each chart sits beside a text summary and a table that say the same (the chart element is aria-hidden).
 */
use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** One chart in an element: drawn once the element has a size, redrawn on resize, ended by `dispose`. */
export class Chart {
  private chart: EChartsType | null = null;
  private option: ChartOption | null = null;
  private readonly observer: ResizeObserver;

  constructor(private readonly el: HTMLElement) {
    // The page is built before it is mounted: ECharts needs a laid-out element, so it waits for one.
    this.observer = new ResizeObserver(() => {
      if (this.el.clientWidth === 0) return;
      if (!this.chart) this.draw();
      else this.chart.resize();
    });
    this.observer.observe(el);
  }

  set(option: ChartOption): void {
    this.option = option;
    if (this.chart) this.chart.setOption(option, { notMerge: true });
    else if (this.el.clientWidth > 0) this.draw();
  }

  dispose(): void {
    this.observer.disconnect();
    this.chart?.dispose();
    this.chart = null;
  }

  private draw(): void {
    if (!this.option) return;
    this.chart = init(this.el, null, { renderer: 'svg' });
    this.chart.setOption(this.option);
  }
}

/** The palette: the platform's blue, and the usual red / amber / blue for severities. */
export const COLORS = {
  tenders: '#1f5fbf',
  bids: '#16a34a',
  openings: '#d97706',
  critical: '#c62828',
  warning: '#e08a00',
  info: '#2f7fd8',
  acknowledged: '#9aa5b1',
  stages: ['#2f7fd8', '#d97706', '#16a34a', '#9aa5b1'],
};

const small = { fontSize: 11 };

export function pieOption(slices: { name: string; value: number }[]): ChartOption {
  return {
    color: COLORS.stages,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, textStyle: small },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '44%'],
        label: { formatter: '{c}', ...small },
        data: slices,
      },
    ],
  };
}

export interface TrendSeries {
  days: string[];
  tenders: number[];
  bids: number[];
  openings: number[];
  names: { tenders: string; bids: string; openings: string };
}

/** Tenders and openings as stacked bars, bids as a line, per day. */
export function trendOption(s: TrendSeries): ChartOption {
  return {
    color: [COLORS.tenders, COLORS.openings, COLORS.bids],
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: small },
    grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: s.days, axisLabel: small },
    yAxis: { type: 'value', minInterval: 1, axisLabel: small },
    series: [
      { type: 'bar', name: s.names.tenders, stack: 'day', data: s.tenders },
      { type: 'bar', name: s.names.openings, stack: 'day', data: s.openings },
      { type: 'line', name: s.names.bids, data: s.bids, smooth: true, symbolSize: 4 },
    ],
  };
}

export interface SeverityBars {
  labels: string[];
  open: number[];
  acknowledged: number[];
  colors: string[];
  names: { open: string; acknowledged: string };
}

/** One bar per severity, waiting (in the severity's colour) stacked on being handled (grey). */
export function severityOption(s: SeverityBars): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: small },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: small },
    yAxis: { type: 'category', data: s.labels, axisLabel: small },
    series: [
      {
        type: 'bar',
        name: s.names.open,
        stack: 'alerts',
        data: s.open.map((value, i) => ({ value, itemStyle: { color: s.colors[i] } })),
        itemStyle: { color: COLORS.critical },
      },
      {
        type: 'bar',
        name: s.names.acknowledged,
        stack: 'alerts',
        data: s.acknowledged,
        itemStyle: { color: COLORS.acknowledged },
      },
    ],
  };
}
