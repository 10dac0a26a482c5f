namespace ImageGate.Endorsement.Git;

/// <summary>Collects git arguments one by one (each stays a separate argument).</summary>
internal sealed class GitArguments
{
    private readonly List<string> _arguments = [];

    /// <summary>Appends one argument.</summary>
    public GitArguments Add(string argument)
    {
        _arguments.Add(argument);
        return this;
    }

    /// <summary>The arguments so far.</summary>
    public IReadOnlyList<string> ToList() => [.. _arguments];
}
