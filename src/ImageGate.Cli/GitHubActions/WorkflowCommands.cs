namespace ImageGate.Cli.GitHubActions;

/// <summary>Formats GitHub Actions workflow commands (<c>::error …::</c>, <c>::add-mask::</c>) with the runner's escaping.</summary>
public static class WorkflowCommands
{
    /// <summary>An error annotation, optionally attached to a file (and line).</summary>
    public static string Error(string message, string? file = null, int? line = null) => Annotation("error", message, file, line);

    /// <summary>A warning annotation.</summary>
    public static string Warning(string message, string? file = null, int? line = null) => Annotation("warning", message, file, line);

    /// <summary>Tells the runner to mask <paramref name="value"/> in all later log output.</summary>
    public static string Mask(string value) => $"::add-mask::{EscapeData(value)}";

    private static string Annotation(string kind, string message, string? file, int? line)
    {
        var props = new List<string>();
        if (file is not null) props.Add($"file={EscapeProperty(file)}");
        if (line is not null) props.Add($"line={line}");
        var head = props.Count == 0 ? kind : $"{kind} {string.Join(',', props)}";
        return $"::{head}::{EscapeData(message)}";
    }

    /// <summary>Escapes a command's message part (%, CR, LF).</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a command's property value (also <c>:</c> and <c>,</c>).</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
