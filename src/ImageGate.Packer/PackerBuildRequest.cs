namespace ImageGate.Packer;

/// <summary>What to build: a template and its inputs.</summary>
/// <param name="Template">The template file (<c>.json</c>, <c>.pkr.hcl</c>, <c>.pkr.json</c>) or HCL2 folder.</param>
public sealed record PackerBuildRequest(string Template)
{
    /// <summary>Template variables (<c>-var KEY=VALUE</c>), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; init; } = [];

    /// <summary>Variable files (<c>-var-file=PATH</c>), in order.</summary>
    public IReadOnlyList<string> VariableFiles { get; init; } = [];

    /// <summary>Only these builds (<c>-only=a,b</c>); empty builds everything.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Packer's working directory (relative paths in the template and its artifacts resolve against it);
    /// null means the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The manifest post-processor's output file; null means found from the template when it has one.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>When set, the raw machine-readable output is also written to this file.</summary>
    public string? LogPath { get; init; }
}
