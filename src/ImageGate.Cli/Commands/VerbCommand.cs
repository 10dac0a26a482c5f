using System.CommandLine;

namespace ImageGate.Cli.Commands;

/// <summary>The base of every verb: options are properties, validation lives in the parser, and
/// <see cref="ExecuteAsync"/> calls one use case and returns an exit code.</summary>
public abstract class VerbCommand : Command
{
    /// <summary>Creates the verb and wires its action.</summary>
    protected VerbCommand(string name, string description, CliEnvironment env) : base(name, description)
    {
        Environment = env;
        SetAction(async (parsed, ct) =>
        {
            try
            {
                var context = new CommandContext(parsed, env, CliConfiguration.Load(parsed, env));
                return await ExecuteAsync(context, ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return await CliApp.ReportAsync(ex, env).ConfigureAwait(false);
            }
        });
    }

    /// <summary>The process environment the verb runs in.</summary>
    protected CliEnvironment Environment { get; }

    /// <summary>Runs the verb.</summary>
    protected abstract Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken);
}
