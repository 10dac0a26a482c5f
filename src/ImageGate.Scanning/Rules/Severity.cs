namespace ImageGate.Scanning.Rules;

/// <summary>How serious a finding is; the gate fails at or above the chosen threshold.</summary>
public enum Severity
{
    /// <summary>For the record only.</summary>
    Info = 0,
    /// <summary>Low.</summary>
    Low = 1,
    /// <summary>Medium.</summary>
    Medium = 2,
    /// <summary>High (the default gate threshold).</summary>
    High = 3,
    /// <summary>Critical.</summary>
    Critical = 4,
}
