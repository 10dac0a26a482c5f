namespace ImageGate.Testing.Repositories;

/// <summary>An EL (yum/dnf) repository made with the real tools: the rpms in Packages/, repodata by createrepo_c, an
/// updateinfo.xml added by modifyrepo_c, and repomd.xml signed (repomd.xml.asc) when a key is given.</summary>
public static class ElTestRepository
{
    /// <summary>Makes the repository in <paramref name="repoDir"/>.</summary>
    public static void Create(string repoDir, IEnumerable<string> rpms, string? updateInfoXml, TestGpgKey? key,
        string primaryCompression = "xz", string updateInfoCompression = "xz")
    {
        foreach (var tool in (string[])["createrepo_c", "modifyrepo_c"]) ExternalProcess.Require(tool);
        Directory.CreateDirectory(Path.Combine(repoDir, "Packages"));
        foreach (var rpm in rpms) File.Copy(rpm, Path.Combine(repoDir, "Packages", Path.GetFileName(rpm)));
        Run("createrepo_c", ["--quiet", "--no-database", "--general-compress-type", primaryCompression, repoDir]);
        if (updateInfoXml is not null)
        {
            var scratch = Directory.CreateTempSubdirectory("imagegate-updateinfo-");
            try
            {
                var file = Path.Combine(scratch.FullName, "updateinfo.xml");
                File.WriteAllText(file, updateInfoXml);
                Run("modifyrepo_c", ["--compress-type", updateInfoCompression, "--mdtype", "updateinfo", file, Path.Combine(repoDir, "repodata")]);
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }
        key?.DetachSign(Path.Combine(repoDir, "repodata", "repomd.xml"), Path.Combine(repoDir, "repodata", "repomd.xml.asc"));
    }

    private static void Run(string program, string[] args)
    {
        var r = ExternalProcess.Run(program, args, timeout: TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({r.ExitCode}): {r.StandardError}");
    }
}
