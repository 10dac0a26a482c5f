using System.CommandLine;
using ImageGate.Cli.Commands;
using ImageGate.Core.Errors;

namespace ImageGate.Cli;

/// <summary>What <c>Program</c> runs: guards the output in GitHub Actions, builds the command tree
/// (<see cref="Commands.RootCommandFactory"/>), parses, runs one verb (which wires the library implementations it
/// needs) and maps a thrown exception to its exit code; the verb returns the code of a finished run.</summary>
public static class CliApp
{
    /// <summary>Runs the tool with <paramref name="args"/> and returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        // In GitHub Actions no printed line may start a workflow command but the tool's own (untrusted text is printed).
        if (env.Get("GITHUB_ACTIONS") == "true")
            env = env with { Out = GitHubActions.WorkflowCommandGuard.Wrap(env.Out), Error = GitHubActions.WorkflowCommandGuard.Wrap(env.Error) };
        try
        {
            return await RunGuardedAsync(args, env, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            GitHubActions.WorkflowCommandGuard.Finish(env.Out);
            GitHubActions.WorkflowCommandGuard.Finish(env.Error);
        }
    }

    private static async Task<int> RunGuardedAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken)
    {
        var root = RootCommandFactory.Create(env);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && !WantsHelp(parsed))
        {
            foreach (var error in parsed.Errors)
                await env.Error.WriteLineAsync($"imagegate: {error.Message}").ConfigureAwait(false);
            await env.Error.WriteLineAsync($"Run '{CommandPath(parsed)} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var config = new InvocationConfiguration
        {
            Output = env.Out,
            Error = env.Error,
            EnableDefaultExceptionHandler = false,
            // Ctrl-C cancels the verb's token; give a running Packer time to clean up (PackerOptions grace: 60 s).
            ProcessTerminationTimeout = TimeSpan.FromSeconds(75),
        };
        try
        {
            return await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await ReportAsync(ex, env).ConfigureAwait(false);
        }
    }

    /// <summary>Maps an exception to its exit code and prints one clear line (a stack trace only with IMAGEGATE_DEBUG=1;
    /// in GitHub Actions also an error annotation).</summary>
    internal static async Task<int> ReportAsync(Exception ex, CliEnvironment env)
    {
        var (code, label) = ex switch
        {
            BadInputException => (ExitCodes.BadInput, "error"),
            VerificationException => (ExitCodes.GateFailed, "verification failed"),
            OperationCanceledException => (ExitCodes.Unexpected, "cancelled"),
            ExternalToolException => (ExitCodes.Unexpected, "error"),
            NotImplementedException => (ExitCodes.Unexpected, "not implemented yet"),
            _ => (ExitCodes.Unexpected, "unexpected error"),
        };
        var message = ex is VerificationException v ? $"[{v.Reason}] {v.Message}" : ex.Message;
        await env.Error.WriteLineAsync($"imagegate: {label}: {message}").ConfigureAwait(false);
        if (env.Get("IMAGEGATE_DEBUG") == "1")
            await env.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
        if (env.Get("GITHUB_ACTIONS") == "true")
            GitHubActions.WorkflowCommandGuard.WriteCommand(env.Out, GitHubActions.WorkflowCommands.Error(message));
        return code;
    }

    private static bool WantsHelp(ParseResult parsed) =>
        parsed.Tokens.Any(t => t.Value is "--help" or "-h" or "-?" || (t.Value == "--version" && parsed.CommandResult.Command is RootCommand));

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        names[0] = "imagegate";
        return string.Join(' ', names);
    }
}
