import type { LogHistogramResponse } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { SEVERITY_COLORS, severityLabel, severityRange } from "../../lib/severity.ts";
import { bucketExtent, histogramBars, histogramOption } from "./histogram-option.ts";

const response: LogHistogramResponse = {
  stepMs: 60_000,
  total: 9,
  series: [
    {
      severity: "INFO",
      points: [
        [1_000_020_000, 5],
        [1_000_080_000, 1],
      ],
    },
    {
      severity: "ERROR",
      points: [
        [1_000_020_000, 0],
        [1_000_080_000, 3],
      ],
    },
  ],
};

describe("histogram series", () => {
  it("centres each bar on its bucket and colours it by severity", () => {
    expect(histogramBars(response)).toEqual([
      {
        severity: "INFO",
        color: SEVERITY_COLORS.INFO,
        points: [
          [1_000_050_000, 5],
          [1_000_110_000, 1],
        ],
      },
      {
        severity: "ERROR",
        color: SEVERITY_COLORS.ERROR,
        points: [
          [1_000_050_000, 0],
          [1_000_110_000, 3],
        ],
      },
    ]);
  });

  it("stacks the severities in one stack over the given extent", () => {
    const option = histogramOption(response, { fromMs: 1, toMs: 2 });
    expect(option.xAxis).toMatchObject({ type: "time", min: 1, max: 2 });
    expect(option.series.map((s) => [s.name, s.stack, s.type, s.itemStyle.color])).toEqual([
      ["INFO", "logs", "bar", SEVERITY_COLORS.INFO],
      ["ERROR", "logs", "bar", SEVERITY_COLORS.ERROR],
    ]);
  });

  it("knows the time the buckets cover (for a trace's own window)", () => {
    expect(bucketExtent(response)).toEqual({ fromMs: 1_000_020_000, toMs: 1_000_140_000 });
    expect(bucketExtent({ stepMs: 1000, total: 0, series: [] })).toBeUndefined();
  });
});

describe("severities", () => {
  it("maps SeverityNumber to the OTLP ranges", () => {
    expect([0, 1, 4, 5, 9, 12, 13, 17, 21, 24, 30].map(severityRange)).toEqual([
      "UNSPECIFIED",
      "TRACE",
      "TRACE",
      "DEBUG",
      "INFO",
      "INFO",
      "WARN",
      "ERROR",
      "FATAL",
      "FATAL",
      "FATAL",
    ]);
  });
  it("labels with the sender's text when there is one", () => {
    expect(severityLabel("warning", 13)).toBe("WARNING");
    expect(severityLabel("", 17)).toBe("ERROR");
    expect(severityLabel(" ", 0)).toBe("—");
  });
});
