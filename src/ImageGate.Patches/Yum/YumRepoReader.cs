using System.Text.RegularExpressions;
using ImageGate.Core.Errors;
using ImageGate.Core.Packages;
using ImageGate.FileTrees;

namespace ImageGate.Patches.Yum;

/// <summary>Reads an image's <c>/etc/yum.repos.d/*.repo</c> (and <c>/etc/yum.conf</c>/<c>/etc/dnf/dnf.conf</c> repo
/// sections): enabled repositories, baseurl/mirrorlist/metalink with <c>$releasever</c>, <c>$basearch</c> and
/// <c>/etc/dnf/vars</c> substituted, and the gpgkey files the image holds.</summary>
internal static partial class YumRepoReader
{
    public static List<RepositorySource> Read(IFileSystem fs, IReadOnlyList<InstalledPackage> installed, OsRelease os)
    {
        var vars = Variables(fs, installed, os);
        var result = new List<RepositorySource>();
        var files = ImageFiles.ListFiles(fs, "/etc/yum.repos.d", ".repo").ToList();
        foreach (var file in files)
        {
            foreach (var (id, keys) in Ini(ImageFiles.ReadText(fs, file) ?? "", file))
            {
                if (id == "main") continue;
                string? Get(string k) => keys.TryGetValue(k, out var v) ? Substitute(v, vars) : null;
                if (Get("enabled") is { } en && en.Trim() is "0" or "false" or "no") continue;
                var baseUrls = Split(Get("baseurl"));
                var mirrorlist = Get("mirrorlist")?.Trim();
                var metalink = Get("metalink")?.Trim();
                if (baseUrls.Count == 0 && mirrorlist is null && metalink is null)
                    throw new BadInputException($"repository [{id}] has no baseurl, mirrorlist or metalink", file);
                var trustedKeys = new List<TrustedKey>();
                var keyUrls = new List<string>();
                foreach (var k in Split(Get("gpgkey")))
                {
                    if (k.StartsWith("file://", StringComparison.Ordinal))
                    {
                        var path = new Uri(k).LocalPath;
                        trustedKeys.Add(new TrustedKey(path, ImageFiles.ReadBytes(fs, path)
                            ?? throw new BadInputException($"repository [{id}]: gpgkey {RepositoryUrl.Redact(k)} is not in the image", file)));
                    }
                    else keyUrls.Add(k);
                }
                var repoGpgCheck = Get("repo_gpgcheck")?.Trim() is "1" or "true" or "yes";
                result.Add(new RepositorySource(RepositoryKind.Rpm, id, baseUrls)
                {
                    MirrorList = metalink ?? mirrorlist,
                    IsMetalink = metalink is not null,
                    Keys = trustedKeys,
                    KeyUrls = keyUrls,
                    AllowUnsigned = !repoGpgCheck,
                    ConfiguredIn = file,
                    Architectures = [vars["basearch"]],
                    // The repository needs the image's credentials (basic auth or a TLS client key): never sent anywhere.
                    CredentialsRemoved = ((string[])["username", "password", "sslclientkey"]).Any(k => !string.IsNullOrWhiteSpace(Get(k))),
                }.WithoutCredentials()); // user:password@ in baseurl/mirrorlist/metalink removed here, once
            }
        }
        return result;
    }

    private static List<string> Split(string? value) =>
        value is null ? [] : value.Split((char[])[' ', '\t', '\n', ','], StringSplitOptions.RemoveEmptyEntries).ToList();

    internal static Dictionary<string, string> Variables(IFileSystem fs, IReadOnlyList<InstalledPackage> installed, OsRelease os)
    {
        var arch = installed.Where(p => p.Type == PackageType.Rpm && p.Architecture is not ("noarch" or "(none)" or ""))
            .GroupBy(p => p.Architecture).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? "x86_64";
        var basearch = arch switch
        {
            "i386" or "i486" or "i586" or "i686" or "athlon" => "i386",
            "armv7hl" or "armv7l" => "armhfp",
            _ => arch,
        };
        var version = os.VersionId ?? "";
        var releasever = os.Id == "fedora" || !version.Contains('.') ? version : version[..version.IndexOf('.')];
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["releasever"] = releasever,
            ["releasever_major"] = releasever.Split('.')[0],
            ["basearch"] = basearch,
            ["arch"] = arch,
        };
        foreach (var dir in (string[])["/etc/yum/vars", "/etc/dnf/vars"])
        {
            var d = ImageFiles.Resolve(fs, dir);
            if (d is null || d.Kind != EntryKind.Directory) continue;
            foreach (var e in fs.List(dir))
                if (ImageFiles.ReadText(fs, e.Path) is { } v && Regex.IsMatch(e.Name, @"\A[A-Za-z0-9_]+\z"))
                    vars[e.Name] = v.Split('\n')[0].Trim();
        }
        return vars;
    }

    internal static string Substitute(string value, IReadOnlyDictionary<string, string> vars) =>
        VarPattern().Replace(value, m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return vars.TryGetValue(name, out var v) ? v : m.Value;
        });

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)")]
    private static partial Regex VarPattern();

    internal static List<(string Section, Dictionary<string, string> Keys)> Ini(string text, string file)
    {
        var result = new List<(string, Dictionary<string, string>)>();
        Dictionary<string, string>? current = null;
        string? last = null;
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';') continue;
            if (trimmed.StartsWith('['))
            {
                if (!trimmed.EndsWith(']')) throw new BadInputException($"line {lineNo}: unterminated section header", file);
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                result.Add((trimmed[1..^1].Trim(), current));
                last = null;
                continue;
            }
            if (line[0] is ' ' or '\t' && current is not null && last is not null)
            {
                current[last] += "\n" + trimmed;
                continue;
            }
            var eq = trimmed.IndexOf('=');
            if (eq <= 0 || current is null) throw new BadInputException($"line {lineNo}: expected 'key=value' inside a [section]", file);
            last = trimmed[..eq].Trim();
            current[last] = trimmed[(eq + 1)..].Trim();
        }
        return result;
    }
}
