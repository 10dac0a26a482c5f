namespace ImageGate.Scanning.Reports;

/// <summary>The report formats <c>imagegate scan --format</c> writes.</summary>
public enum ReportFormat
{
    /// <summary>A text table for people.</summary>
    Table,
    /// <summary>The JSON report (fields documented in README and docs/policy.md).</summary>
    Json,
    /// <summary>SARIF 2.1.0 for code scanning.</summary>
    Sarif,
    /// <summary>Markdown for job summaries and pull-request bodies.</summary>
    Markdown,
}
