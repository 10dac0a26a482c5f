using Spectre.Console;

namespace ImageGate.Cli.Output;

/// <summary>Human-facing console output through Spectre.Console: colour and live progress on a terminal,
/// plain lines when output is redirected. Machine output (<c>--json</c>) bypasses it and goes to <see cref="Out"/>.</summary>
public sealed class Reporter
{
    private readonly CliEnvironment _env;

    /// <summary>Creates the reporter over a process environment.</summary>
    public Reporter(CliEnvironment env)
    {
        _env = env;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Out),
            Ansi = env.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = env.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = env.IsInteractive ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>The Spectre console (tables, trees) for verbs that render rich output.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Standard output, for machine-readable output.</summary>
    public TextWriter Out => _env.Out;

    /// <summary>A plain line of information.</summary>
    public void Info(string text) => Ansi.MarkupLineInterpolated($"{text}");

    /// <summary>A warning line on standard error.</summary>
    public void Warn(string text) => _env.Error.WriteLine($"imagegate: warning: {text}");

    /// <summary>Runs <paramref name="work"/> with a live status line on a terminal, or a plain line when redirected.</summary>
    public async Task<T> StatusAsync<T>(string what, Func<Task<T>> work)
    {
        if (!_env.IsInteractive)
        {
            await _env.Error.WriteLineAsync(what + " …").ConfigureAwait(false);
            return await work().ConfigureAwait(false);
        }
        return await Ansi.Status().StartAsync(what, _ => work()).ConfigureAwait(false);
    }
}
