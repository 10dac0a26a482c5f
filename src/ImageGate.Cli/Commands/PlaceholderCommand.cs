namespace ImageGate.Cli.Commands;

/// <summary>A verb whose issue has not landed yet: it parses its arguments, says so and exits 3.</summary>
public sealed class PlaceholderCommand : VerbCommand
{
    private readonly string _issue;

    /// <summary>Creates the placeholder for the verb <paramref name="name"/>, delivered by <paramref name="issue"/>.</summary>
    public PlaceholderCommand(string name, string description, string issue, CliEnvironment env)
        : base(name, description + " (not implemented yet)", env) => _issue = issue;

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await context.Environment.Error.WriteLineAsync($"imagegate {Name}: not implemented yet (issue \"{_issue}\")").ConfigureAwait(false);
        return ExitCodes.Unexpected;
    }
}
