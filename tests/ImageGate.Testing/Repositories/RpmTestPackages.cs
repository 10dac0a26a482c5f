namespace ImageGate.Testing.Repositories;

/// <summary>One test rpm to build: its identity and what its header holds.</summary>
/// <param name="Name">Package name.</param>
/// <param name="Version">Upstream version.</param>
/// <param name="Release">Release.</param>
public sealed record RpmSpec(string Name, string Version, string Release)
{
    /// <summary>Epoch, when the package has one.</summary>
    public string? Epoch { get; init; }

    /// <summary>The License tag.</summary>
    public string License { get; init; } = "MIT";

    /// <summary>BuildArch (noarch, or e.g. x86_64: nothing is compiled either way).</summary>
    public string Arch { get; init; } = "noarch";

    /// <summary>The %description (a long one makes a large header).</summary>
    public string Description { get; init; } = "A package that only exists in ImageGate's tests.";

    /// <summary>True to ship one file, /usr/share/NAME/version; false for a package without files.</summary>
    public bool WithFile { get; init; }

    /// <summary>The file name rpmbuild gives the package.</summary>
    public string FileName => $"{Name}-{Version}-{Release}.{Arch}.rpm";
}

/// <summary>Builds test rpms with the real rpmbuild (one call for all of them).</summary>
public static class RpmTestPackages
{
    /// <summary>Builds every spec under <paramref name="workDir"/>; returns the rpm files in the order of <paramref name="specs"/>.</summary>
    public static IReadOnlyList<string> Build(string workDir, IReadOnlyList<RpmSpec> specs)
    {
        ExternalProcess.Require("rpmbuild");
        var specDir = Path.Combine(workDir, "SPECS");
        Directory.CreateDirectory(specDir);
        var files = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var s = specs[i];
            var file = Path.Combine(specDir, $"{i:D3}-{s.Name}.spec");
            var install = s.WithFile
                ? $"%install\nmkdir -p %{{buildroot}}/usr/share/{s.Name}\necho {s.Version}-{s.Release} > %{{buildroot}}/usr/share/{s.Name}/version\n%files\n/usr/share/{s.Name}/version\n"
                : "%files\n";
            File.WriteAllText(file, "%global debug_package %{nil}\n" +
                $"Name: {s.Name}\n{(s.Epoch is null ? "" : $"Epoch: {s.Epoch}\n")}Version: {s.Version}\nRelease: {s.Release}\n" +
                $"Summary: ImageGate test package {s.Name}\nLicense: {s.License}\nBuildArch: {s.Arch}\n%description\n{s.Description}\n{install}");
            files.Add(file);
        }
        var r = ExternalProcess.Run("rpmbuild", ["-bb", "--quiet", "--define", $"_topdir {workDir}", .. files], timeout: TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new InvalidOperationException($"rpmbuild failed ({r.ExitCode}): {r.StandardError}");
        var rpms = specs.Select(s => Path.Combine(workDir, "RPMS", s.Arch, s.FileName)).ToList();
        foreach (var rpm in rpms)
            if (!File.Exists(rpm)) throw new InvalidOperationException($"rpmbuild did not make {rpm}");
        return rpms;
    }
}
