using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using ImageGate.Core.IO;
using ImageGate.Core.Packages;
using ImageGate.FileTrees;
using ImageGate.Scanning.Accounts;
using ImageGate.Scanning.Checks;
using ImageGate.Scanning.Content;
using ImageGate.Scanning.Contextualisation;
using ImageGate.Scanning.Credentials;
using ImageGate.Scanning.Inventory;
using ImageGate.Scanning.Licences;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Rules;
using ImageGate.Scanning.Traceability;

namespace ImageGate.Scanning;

/// <summary>The policy scan: one walk of the tree, one pass over each regular file's content (in parallel across
/// files), the configuration rules and the inventory alongside, the image digested concurrently; then the extra
/// checks, the policy (enable/disable, severities, waivers) and the gate verdict.</summary>
public sealed class Scanner
{
    /// <summary>The version written into reports.</summary>
    public static string ToolVersion { get; } =
        typeof(Scanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Scans <paramref name="fs"/> and returns the report.</summary>
    public async Task<ScanReport> ScanAsync(IFileSystem fs, ScanOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var policy = options.Policy;
        var image = options.Image ?? new ImageDescription(fs.Description, fs.Description, "unknown", null);
        var scannedAt = options.Time.GetUtcNow();

        var digests = options.ImageDigests ?? (image.Format != "directory" && File.Exists(image.Path)
            ? FileDigests.ComputeAsync(image.Path, cancellationToken)
            : null);

        var entries = fs.Walk("/").ToList();
        var skips = policy.ContentSkips.Select(s => new PathGlob(s.Path)).ToList();
        var files = entries.Where(e => e.Kind == EntryKind.File).ToList();
        var searched = new List<IGrouping<long, FileEntry>>();
        var skipped = new List<FileEntry>();
        var uniqueId = -1L;
        foreach (var group in files.GroupBy(e => e.NodeId != 0 ? e.NodeId : uniqueId--))
        {
            if (group.All(e => skips.Any(s => s.IsMatch(e.Path)))) skipped.AddRange(group);
            else searched.Add(group);
        }

        var raw = new ConcurrentBag<RawFinding>();
        var system = Task.Run(() =>
        {
            var list = new List<RawFinding>();
            list.AddRange(AccountRules.Run(fs));
            list.AddRange(RepositoryCredentialRules.Run(fs));
            list.AddRange(TraceabilityRules.Run(fs));
            list.AddRange(ContextualisationRules.Run(fs));
            list.AddRange(ServiceSecretRules.Run(fs));
            var inventory = options.Inventory ? PackageInventory.Read(fs) : new PackageInventory(OsReleaseReader.Read(fs), []);
            return (list, inventory);
        }, cancellationToken);
        // The extra checks (the patch check: metadata download and parsing) need only the inventory: they run
        // alongside the content search instead of after it.
        var checks = Task.Run(async () =>
        {
            var (_, inventory) = await system.ConfigureAwait(false);
            var results = new List<(IImageCheck Check, ImageCheckResult Result)>();
            foreach (var check in options.Checks)
                results.Add((check, await check.RunAsync(new ImageCheckContext(fs, image, inventory.Os, inventory.Packages, options.Time), cancellationToken).ConfigureAwait(false)));
            return results;
        }, cancellationToken);

        long bytes = 0;
        // The search's threads run at a lower priority than the image's digests (SearchWorkers says why).
        await SearchWorkers.RunAsync(searched, Math.Max(1, options.MaxParallelism), (group, ct) =>
            {
                var first = group.First();
                var capture = group.Any(CredentialRules.NeedsCapture) ? CredentialRules.CaptureLimit : 0;
                FileScanResult result;
                using (var stream = fs.OpenRead(first))
                    result = ContentSearcher.Search(stream, capture, ct);
                Interlocked.Add(ref bytes, result.BytesRead);
                if (result.Hits.Count == 0 && result.Head is null && !group.Any(CredentialRules.IsKnownPath)) return;
                foreach (var member in group)
                    foreach (var f in CredentialRules.Classify(member, result)) raw.Add(f);
            }, cancellationToken).ConfigureAwait(false);
        var empty = new FileScanResult([], null, 0);
        foreach (var e in skipped)
            foreach (var f in CredentialRules.Classify(e, empty)) raw.Add(f);

        var (systemFindings, inventory) = await system.ConfigureAwait(false);
        foreach (var f in systemFindings) raw.Add(f);
        var licences = options.Inventory ? LicenceClassifier.Classify(inventory.Packages, policy.Licences) : [];
        var (verified, packaged) = PackagedFiles.Reclassify(fs, raw.ToList(), cancellationToken);
        raw = new ConcurrentBag<RawFinding>(verified);
        foreach (var f in LicenceRules.Run(licences, policy.Licences)) raw.Add(f);

        var rules = RuleCatalog.All.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var sections = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var markdown = new List<string>();
        if (packaged.Count > 0)
            sections["packagedKeys"] = new JsonArray(packaged.OrderBy(p => p.Path, StringComparer.Ordinal).Select(p => (JsonNode)new JsonObject
            {
                ["path"] = p.Path, ["package"] = p.Package, ["ruleId"] = p.RuleId, ["description"] = p.Description,
            }).ToArray());
        if (licences.Count > 0) sections["licences"] = LicenceRules.Section(licences, policy.Licences);
        var checkFindings = new List<(CheckFinding Finding, string Identity)>();
        foreach (var (check, result) in await checks.ConfigureAwait(false))
        {
            foreach (var rule in check.Rules) rules[rule.Id] = rule;
            foreach (var f in result.Findings) checkFindings.Add((f, f.Identity ?? $"{f.RuleId}\n{f.Path}\n{f.Message}"));
            foreach (var (k, v) in result.Sections) sections[k] = v;
            if (result.Markdown is not null) markdown.Add(result.Markdown);
        }

        // Policy: rules on/off, severities, fingerprints, waivers.
        var today = DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime);
        var findings = new List<Finding>();
        var matched = policy.Waivers.ToDictionary(w => w, _ => 0);
        var globs = policy.Waivers.ToDictionary(w => w, w => new PathGlob(w.Path));
        Finding Make(string ruleId, string path, string message, byte[]? digest, string? identity)
        {
            var def = rules.TryGetValue(ruleId, out var d) ? d : throw new InvalidOperationException($"finding of unknown rule {ruleId}");
            var fingerprint = identity is null
                ? Fingerprints.Compute(options.FingerprintSalt, ruleId, path, digest)
                : Fingerprints.Compute(options.FingerprintSalt, ruleId, identity, null);
            var finding = new Finding(ruleId, policy.SeverityOf(ruleId, def.DefaultSeverity), path, message, def.Clause.Id) { Fingerprint = fingerprint };
            var waiver = policy.Waivers.FirstOrDefault(w => w.Covers(ruleId) && w.IsActiveOn(today) && globs[w].IsMatch(path));
            if (waiver is not null)
            {
                matched[waiver]++;
                finding = finding with { Waived = true, WaiverJustification = $"{waiver.Justification} (approved by {waiver.ApprovedBy}, until {waiver.Expires:yyyy-MM-dd})" };
            }
            return finding;
        }
        var seen = new HashSet<(string, string, string)>();
        // One problem, one finding: an authorized_keys covered by its account's finding, and accounts/key-login where
        // credentials/authorized-keys already reports the same file, are not reported twice.
        var covered = raw.Where(r => r.Covers.Count > 0 && policy.IsEnabled(r.RuleId)).SelectMany(r => r.Covers).ToHashSet(StringComparer.Ordinal);
        var keyFiles = raw.Where(r => r.RuleId == CredentialRules.AuthorizedKeys && policy.IsEnabled(r.RuleId)).Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        raw = new ConcurrentBag<RawFinding>(raw.Where(r =>
            !(r.RuleId is CredentialRules.AuthorizedKeys or AccountRules.KeyLogin && covered.Contains(r.Path)) &&
            !(r.RuleId == AccountRules.KeyLogin && keyFiles.Contains(r.Path))));
        foreach (var r in raw.OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.RuleId, StringComparer.Ordinal).ThenBy(r => r.Message, StringComparer.Ordinal))
            if (policy.IsEnabled(r.RuleId) && seen.Add((r.RuleId, r.Path, r.Message)))
                findings.Add(Make(r.RuleId, r.Path, r.Message, r.SecretDigest, null));
        foreach (var (f, identity) in checkFindings)
            if (policy.IsEnabled(f.RuleId) && seen.Add((f.RuleId, f.Path, f.Message)))
                findings.Add(Make(f.RuleId, f.Path, f.Message, null, identity));
        foreach (var w in policy.Waivers.Where(w => !w.IsActiveOn(today)))
            if (policy.IsEnabled(RuleCatalog.WaiverExpired))
                findings.Add(Make(RuleCatalog.WaiverExpired, w.Path,
                    $"the waiver of {w.RuleId} for {w.Path} (approved by {w.ApprovedBy}) expired on {w.Expires:yyyy-MM-dd} and no longer applies", null, null));

        findings = findings.OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
        var failOn = options.FailOn ?? policy.FailOn;
        if (digests is not null)
        {
            var (_, sha256, sha512) = await digests.ConfigureAwait(false);
            image = image with { Sha256 = sha256, Sha512 = sha512 };
        }
        return new ScanReport
        {
            ToolVersion = ToolVersion,
            ScannedAt = scannedAt,
            Image = image,
            Os = inventory.Os,
            Packages = inventory.Packages,
            Findings = findings,
            Rules = [.. rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal)],
            Waivers = policy.Waivers.Select(w => new WaiverStatus(w, !w.IsActiveOn(today) ? "expired" : matched[w] > 0 ? "applied" : "unused", matched[w])).ToList(),
            FailOn = failOn,
            PolicySource = policy.Source,
            Sections = sections,
            MarkdownSections = markdown,
            Statistics = new ScanStatistics(entries.Count, searched.Count, bytes, skipped.Count, clock.Elapsed),
            Passed = !findings.Any(f => !f.Waived && f.Severity >= failOn),
        };
    }
}
