using System.Collections;

namespace ImageGate.Cli;

/// <summary>What a run of the tool sees of its process: streams, environment variables and working directory.
/// Tests build one over string writers and a dictionary.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Variables">Environment variables.</param>
/// <param name="WorkingDirectory">The working directory.</param>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, IReadOnlyDictionary<string, string> Variables, string WorkingDirectory)
{
    /// <summary>Whether standard output goes to a terminal (progress and colour) or is redirected (plain lines).</summary>
    public bool IsInteractive { get; init; }

    /// <summary>The clock (tests pin it: e.g. <c>recheck</c> against a dated metadata snapshot).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The git the endorsement verbs run (the git command line through ImageGate.Git).</summary>
    public ImageGate.Endorsement.Git.IGitClient Git { get; init; } = new ImageGate.Git.GitCli();

    /// <summary>Standard output as a binary stream, for verbs that write raw bytes (<c>cat</c>).</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = Console.OpenStandardOutput;

    /// <summary>Standard input as a binary stream (<c>--registry-password-stdin</c>).</summary>
    public Func<Stream> OpenStandardInput { get; init; } = Console.OpenStandardInput;

    /// <summary>The environment of this process.</summary>
    public static CliEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            variables[(string)e.Key] = (string?)e.Value ?? "";
        return new CliEnvironment(Console.Out, Console.Error, variables, Environment.CurrentDirectory)
        {
            IsInteractive = !Console.IsOutputRedirected,
        };
    }

    /// <summary>An environment variable, or null.</summary>
    public string? Get(string name) => Variables.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    /// <summary>Resolves a path given on the command line against the working directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
