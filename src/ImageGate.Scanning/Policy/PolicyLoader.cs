using System.Globalization;
using System.Reflection;
using ImageGate.Core.Errors;
using ImageGate.Scanning.Licences;
using ImageGate.Scanning.Rules;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ImageGate.Scanning.Policy;

/// <summary>Reads <c>imagegate.policy.yaml</c> files over the embedded default: rule settings merge by id, a
/// <c>contentSearch.skip</c> list replaces the default one, waivers come from the file.</summary>
public static class PolicyLoader
{
    /// <summary>The embedded default policy.</summary>
    public static ScanPolicy Default => DefaultPolicy.Value;

    /// <summary>The embedded default policy's YAML text (what <c>imagegate policy show</c> prints).</summary>
    public static string DefaultText { get; } = ReadResource();

    private static readonly Lazy<ScanPolicy> DefaultPolicy = new(() => Parse(DefaultText, "embedded default", null));

    /// <summary>Loads the policy file at <paramref name="path"/> over the default; bad input names the file and the problem.</summary>
    public static ScanPolicy Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"cannot read the policy file: {ex.Message}", path, ex);
        }
        return Parse(text, path, Default);
    }

    /// <summary>Parses policy YAML; <paramref name="basePolicy"/> (when given) supplies what the text leaves out.</summary>
    public static ScanPolicy Parse(string yaml, string source, ScanPolicy? basePolicy)
    {
        PolicyDocument doc;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
            doc = deserializer.Deserialize<PolicyDocument?>(yaml) ?? new PolicyDocument();
        }
        catch (YamlException ex)
        {
            throw new BadInputException($"policy is not valid (line {ex.Start.Line}): {(ex.InnerException ?? ex).Message}", source, ex);
        }

        var rules = new Dictionary<string, RuleSetting>(basePolicy?.Rules ?? new Dictionary<string, RuleSetting>(), StringComparer.Ordinal);
        foreach (var (id, setting) in doc.Rules ?? [])
        {
            ValidateRuleId(id, source);
            var current = rules.TryGetValue(id, out var c) ? c : new RuleSetting(true, null);
            rules[id] = new RuleSetting(setting?.Enabled ?? current.Enabled,
                setting?.Severity is { } s ? SeverityNames.Parse(s, source) : current.Severity);
        }

        var skips = doc.ContentSearch?.Skip is { } list
            ? list.Select(s => new ContentSkip(
                  Require(s.Path, "contentSearch.skip[].path", source),
                  Require(s.Reason, $"contentSearch.skip reason for {s.Path}", source))).ToList()
            : basePolicy?.ContentSkips.ToList() ?? [];
        foreach (var s in skips) _ = new PathGlob(s.Path);

        var waivers = new List<Waiver>();
        foreach (var w in doc.Waivers ?? [])
        {
            var rule = Require(w.Rule, "waivers[].rule", source);
            ValidateRuleId(rule, source);
            var expiresText = Require(w.Expires, $"waiver for {rule}: expires", source);
            if (!DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
                throw new BadInputException($"waiver for {rule}: expires '{expiresText}' is not a date (YYYY-MM-DD)", source);
            waivers.Add(new Waiver(rule, Require(w.Path, $"waiver for {rule}: path", source),
                Require(w.Justification, $"waiver for {rule}: justification", source), expires,
                Require(w.ApprovedBy, $"waiver for {rule}: approvedBy", source)));
        }

        var licences = ParseLicences(doc.Licences, source, basePolicy?.Licences ?? new LicencePolicy(), rules, waivers);

        return new ScanPolicy
        {
            Source = source,
            FailOn = doc.FailOn is { } f ? SeverityNames.Parse(f, source) : basePolicy?.FailOn ?? Severity.High,
            Rules = rules,
            ContentSkips = skips,
            Waivers = waivers,
            Licences = licences,
        };
    }

    /// <summary>The <c>licences</c> section over <paramref name="basePolicy"/>: each list given replaces the base's;
    /// <c>nonFree</c>/<c>unknown</c> set the severity (or <c>off</c>) of their rules; each exception becomes a waiver of
    /// every <c>licences/*</c> rule for that package.</summary>
    private static LicencePolicy ParseLicences(LicencesDocument? doc, string source, LicencePolicy basePolicy,
        Dictionary<string, RuleSetting> rules, List<Waiver> waivers)
    {
        if (doc is null) return basePolicy;
        HashSet<LicenceCategory>? Categories(List<string>? names, string what) => names?.Select(n =>
            LicenceCategories.Parse(n) ?? throw new BadInputException(
                $"licences.{what}: '{n}' is not a licence category ({string.Join(", ", Enum.GetValues<LicenceCategory>().Select(LicenceCategories.Name))})", source)).ToHashSet();
        HashSet<string>? Ids(List<string>? ids, string what) => ids?.Select(i =>
            string.IsNullOrWhiteSpace(i) || i.Any(char.IsWhiteSpace) ? throw new BadInputException($"licences.{what}: '{i}' is not an SPDX licence id", source) : i)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        HashSet<string>? Areas(List<string>? areas) => areas?.ToHashSet(StringComparer.Ordinal);
        List<string>? Repositories(List<string>? patterns) => patterns?.Select(r =>
            string.IsNullOrWhiteSpace(r) || r.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/')
                ? throw new BadInputException($"licences.nonFreeRepositories: '{r}' is not a repository id pattern (a repo id, with * and ? as wildcards; no spaces or slashes)", source)
                : r).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        void Treat(string? value, string ruleId)
        {
            if (value is null) return;
            rules[ruleId] = value.Trim().Equals("off", StringComparison.OrdinalIgnoreCase)
                ? new RuleSetting(false, rules.TryGetValue(ruleId, out var c) ? c.Severity : null)
                : new RuleSetting(true, SeverityNames.Parse(value, source));
        }
        Treat(doc.NonFree, LicenceRules.NonFree);
        Treat(doc.Unknown, LicenceRules.Unknown);
        foreach (var e in doc.Exceptions ?? [])
        {
            var package = Require(e.Package, "licences.exceptions[].package", source);
            if (package.Contains('/', StringComparison.Ordinal) || package.Contains('*', StringComparison.Ordinal) || package.Any(char.IsWhiteSpace))
                throw new BadInputException($"licences.exceptions: '{package}' is not a package name", source);
            var expiresText = Require(e.Expires, $"licence exception for {package}: expires", source);
            if (!DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
                throw new BadInputException($"licence exception for {package}: expires '{expiresText}' is not a date (YYYY-MM-DD)", source);
            waivers.Add(new Waiver("licences/*", $"/usr/share/*/{package}", Require(e.Reason, $"licence exception for {package}: reason", source),
                expires, Require(e.ApprovedBy, $"licence exception for {package}: approvedBy", source)));
        }
        return basePolicy with
        {
            AllowedIds = Ids(doc.AllowedIds, "allowedIds") ?? basePolicy.AllowedIds,
            DeniedIds = Ids(doc.DeniedIds, "deniedIds") ?? basePolicy.DeniedIds,
            AllowedCategories = Categories(doc.AllowedCategories, "allowedCategories") ?? basePolicy.AllowedCategories,
            DeniedCategories = Categories(doc.DeniedCategories, "deniedCategories") ?? basePolicy.DeniedCategories,
            NonFreeAreas = Areas(doc.NonFreeAreas) ?? basePolicy.NonFreeAreas,
            TrustedAreas = Areas(doc.TrustedAreas) ?? basePolicy.TrustedAreas,
            NonFreeRepositories = Repositories(doc.NonFreeRepositories) ?? basePolicy.NonFreeRepositories,
        };
    }

    private static void ValidateRuleId(string id, string source)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        var category = slash > 0 ? id[..slash] : "";
        if (category is not ("credentials" or "accounts" or "patches" or "traceability" or "contextualisation" or "tooling" or "licences") || slash == id.Length - 1)
            throw new BadInputException($"'{id}' is not a rule id (category/name; categories: credentials, accounts, patches, traceability, contextualisation, tooling, licences)", source);
        if (category is "credentials" or "accounts" or "traceability" or "contextualisation" or "licences" && RuleCatalog.Find(id) is null)
            throw new BadInputException($"unknown rule '{id}' (imagegate policy show lists them)", source);
    }

    private static string Require(string? value, string what, string source) =>
        string.IsNullOrWhiteSpace(value) ? throw new BadInputException($"{what} is missing", source) : value;

    private static string ReadResource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ImageGate.Scanning.default-policy.yaml")
            ?? throw new InvalidOperationException("the default policy is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

#pragma warning disable CA1812 // instantiated by YamlDotNet
    private sealed class PolicyDocument
    {
        public string? FailOn { get; set; }
        public Dictionary<string, RuleDocument?>? Rules { get; set; }
        public ContentSearchDocument? ContentSearch { get; set; }
        public List<WaiverDocument>? Waivers { get; set; }
        public LicencesDocument? Licences { get; set; }
    }

    private sealed class LicencesDocument
    {
        public List<string>? AllowedIds { get; set; }
        public List<string>? DeniedIds { get; set; }
        public List<string>? AllowedCategories { get; set; }
        public List<string>? DeniedCategories { get; set; }
        public List<string>? NonFreeAreas { get; set; }
        public List<string>? TrustedAreas { get; set; }
        public List<string>? NonFreeRepositories { get; set; }
        public string? NonFree { get; set; }
        public string? Unknown { get; set; }
        public List<LicenceExceptionDocument>? Exceptions { get; set; }
    }

    private sealed class LicenceExceptionDocument
    {
        public string? Package { get; set; }
        public string? Reason { get; set; }
        public string? Expires { get; set; }
        public string? ApprovedBy { get; set; }
    }

    private sealed class RuleDocument
    {
        public bool? Enabled { get; set; }
        public string? Severity { get; set; }
    }

    private sealed class ContentSearchDocument
    {
        public List<SkipDocument>? Skip { get; set; }
    }

    private sealed class SkipDocument
    {
        public string? Path { get; set; }
        public string? Reason { get; set; }
    }

    private sealed class WaiverDocument
    {
        public string? Rule { get; set; }
        public string? Path { get; set; }
        public string? Justification { get; set; }
        public string? Expires { get; set; }
        public string? ApprovedBy { get; set; }
    }
#pragma warning restore CA1812
}
