// The HTML report: one self-contained page per run, suite, comparison, capacity search or validate.

export { HtmlReporter, writeHtmlReport } from './reporter.js';
