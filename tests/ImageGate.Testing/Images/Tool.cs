namespace ImageGate.Testing.Images;

/// <summary>Runs a real tool and fails loudly with its output when it does not exit 0.</summary>
public static class Tool
{
    public static string Run(string program, IEnumerable<string> args, IDictionary<string, string>? environment = null, byte[]? input = null)
    {
        var list = args.ToList();
        var r = ExternalProcess.Run(program, list, environment: environment, timeout: TimeSpan.FromMinutes(3), input: input);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', list)} exited {r.ExitCode}: {r.StandardError}{r.StandardOutput}");
        return r.StandardOutput;
    }

    /// <summary>mkfs.xfs refuses file systems under 300 MB unless it thinks it runs under the XFS test suite.</summary>
    public static readonly Dictionary<string, string> MkfsEnvironment = new()
    {
        ["TEST_DIR"] = "/tmp", ["TEST_DEV"] = "/dev/null", ["QA_CHECK_FS"] = "1",
    };
}
