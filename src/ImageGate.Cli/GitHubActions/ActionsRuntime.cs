using System.Security.Cryptography;

namespace ImageGate.Cli.GitHubActions;

/// <summary>The GitHub Actions runner's file-based I/O: step outputs (<c>$GITHUB_OUTPUT</c>), the job summary
/// (<c>$GITHUB_STEP_SUMMARY</c>), annotations and masks. Every method does nothing outside Actions.</summary>
public sealed class ActionsRuntime
{
    private readonly CliEnvironment _env;

    /// <summary>Creates the runtime over a process environment.</summary>
    public ActionsRuntime(CliEnvironment env) => _env = env;

    /// <summary>True when running in GitHub Actions (<c>GITHUB_ACTIONS=true</c>).</summary>
    public bool IsActive => _env.Get("GITHUB_ACTIONS") == "true";

    /// <summary>Sets a step output; multi-line values use a random heredoc delimiter that cannot occur in the value.</summary>
    public void SetOutput(string name, string value)
    {
        var file = _env.Get("GITHUB_OUTPUT");
        if (!IsActive || file is null) return;
        if (name.Length == 0 || name.Any(c => c is '\n' or '\r' or '='))
            throw new ArgumentException($"invalid output name '{name}'", nameof(name));
        string text;
        if (value.Contains('\n') || value.Contains('\r'))
        {
            string delimiter;
            do delimiter = "ghadelimiter_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            while (value.Contains(delimiter, StringComparison.Ordinal));
            text = $"{name}<<{delimiter}\n{value}\n{delimiter}\n";
        }
        else
        {
            text = $"{name}={value}\n";
        }
        File.AppendAllText(file, text);
    }

    /// <summary>Appends markdown to the job summary.</summary>
    public void AppendSummary(string markdown)
    {
        var file = _env.Get("GITHUB_STEP_SUMMARY");
        if (!IsActive || file is null) return;
        File.AppendAllText(file, markdown.EndsWith('\n') ? markdown : markdown + "\n");
    }

    /// <summary>Prints an error annotation on standard output.</summary>
    public void Error(string message, string? file = null, int? line = null)
    {
        if (IsActive) WorkflowCommandGuard.WriteCommand(_env.Out, WorkflowCommands.Error(message, file, line));
    }

    /// <summary>Prints a warning annotation on standard output.</summary>
    public void Warning(string message, string? file = null, int? line = null)
    {
        if (IsActive) WorkflowCommandGuard.WriteCommand(_env.Out, WorkflowCommands.Warning(message, file, line));
    }

    /// <summary>Masks a secret-like value (each line separately, as the runner requires) in later log output.</summary>
    public void Mask(string secret)
    {
        if (!IsActive || string.IsNullOrEmpty(secret)) return;
        foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            WorkflowCommandGuard.WriteCommand(_env.Out, WorkflowCommands.Mask(line));
    }
}
