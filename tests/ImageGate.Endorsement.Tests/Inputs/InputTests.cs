using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Inputs;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Endorsement.Tests.Inputs;

public sealed class InputTests
{
    [Fact]
    public void A_scan_report_is_read_by_field_name_and_unknown_fields_are_ignored()
    {
        var json = """
            {"extra": {"x": [1,2]}, "passed": true,
             "image": {"sha256": "ABC", "size": 12, "format": "raw"},
             "os": {"id": "almalinux", "versionId": "9.4", "prettyName": "AlmaLinux 9.4"},
             "findings": [{"ruleId": "r1", "severity": "high", "message": "m", "waived": true}, {"ruleId": 5}, "junk"],
             "packages": [{"name": "bash", "version": "5.1"}]}
            """;
        var r = ScanReportSummary.Parse(Encoding.UTF8.GetBytes(json), "r.json");
        Assert.True(r.Passed);
        Assert.Equal("abc", r.Sha256);
        Assert.Equal(12, r.Size);
        Assert.Equal("raw", r.Format);
        Assert.Equal("9.4", r.Os.VersionId);
        Assert.Equal(2, r.Findings.Count);
        Assert.True(r.Findings[0].Waived);
        Assert.Equal("unknown", r.Findings[1].RuleId);
        Assert.Equal([new PackageVersion("bash", "5.1")], r.Packages!);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"passed\": \"yes\"}")]
    [InlineData("{\"passed\": tru")]
    public void A_report_without_a_boolean_passed_is_bad_input(string json)
    {
        var ex = Assert.Throws<BadInputException>(() => ScanReportSummary.Parse(Encoding.UTF8.GetBytes(json), "r.json"));
        Assert.StartsWith("r.json:", ex.Message);
    }

    [Fact]
    public void Deeply_nested_hostile_json_is_bad_input()
    {
        var json = new string('[', 10000) + new string(']', 10000);
        Assert.Throws<BadInputException>(() => ScanReportSummary.Parse(Encoding.UTF8.GetBytes("{\"passed\":true,\"x\":" + json + "}"), "r.json"));
    }

    [Fact]
    public void Packages_come_from_SPDX_CycloneDX_or_a_plain_array()
    {
        var spdx = """{"spdxVersion":"SPDX-2.3","packages":[{"name":"bash","versionInfo":"5.2"},{"name":"x"}]}""";
        var cdx = """{"bomFormat":"CycloneDX","components":[{"name":"bash","version":"5.2"}]}""";
        Assert.Equal([new("bash", "5.2"), new("x", "")], PackageVersion.FromSbom(Encoding.UTF8.GetBytes(spdx), "s"));
        Assert.Equal([new PackageVersion("bash", "5.2")], PackageVersion.FromSbom(Encoding.UTF8.GetBytes(cdx), "s"));
        Assert.Throws<BadInputException>(() => PackageVersion.FromSbom("{\"a\":1}"u8.ToArray(), "s"));
    }

    [Fact]
    public void The_image_and_the_operating_system_an_sbom_lists_are_not_packages()
    {
        var spdx = """
            {"spdxVersion":"SPDX-2.3","documentDescribes":["SPDXRef-Image"],"packages":[
             {"SPDXID":"SPDXRef-Image","name":"debian12.qcow2","primaryPackagePurpose":"FILE"},
             {"SPDXID":"SPDXRef-OperatingSystem","name":"debian","versionInfo":"12"},
             {"SPDXID":"SPDXRef-Package-deb-bash-0","name":"bash","versionInfo":"5.2.15-2+b2",
              "externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:deb/debian/bash@5.2.15-2%2Bb2"}]}]}
            """;
        var cdx = """
            {"bomFormat":"CycloneDX","metadata":{"component":{"type":"file","name":"debian12.qcow2"}},"components":[
             {"bom-ref":"os","type":"operating-system","name":"debian","version":"12"},
             {"type":"library","name":"bash","version":"5.2.15-2+b2"}]}
            """;
        Assert.Equal([new PackageVersion("bash", "5.2.15-2+b2")], PackageVersion.FromSbom(Encoding.UTF8.GetBytes(spdx), "s"));
        Assert.Equal([new PackageVersion("bash", "5.2.15-2+b2")], PackageVersion.FromSbom(Encoding.UTF8.GetBytes(cdx), "s"));
    }

    [Fact]
    public void The_package_diff_separates_added_removed_upgraded_and_downgraded()
    {
        var diff = PackageDiff.Compute("1",
            [new("bash", "5.1-2"), new("openssl", "3.0.11-1~deb12u2"), new("gone", "1"), new("same", "1"), new("kernel", "1:6.1")],
            [new("bash", "5.1-10"), new("openssl", "3.0.11-1"), new("new", "2"), new("same", "1"), new("kernel", "6.9")]);
        Assert.Equal([new PackageVersion("new", "2")], diff.Added);
        Assert.Equal([new PackageVersion("gone", "1")], diff.Removed);
        Assert.Equal([("bash", "5.1-2", "5.1-10"), ("openssl", "3.0.11-1~deb12u2", "3.0.11-1")], diff.Upgraded);
        Assert.Equal([("kernel", "1:6.1", "6.9")], diff.Downgraded);
    }

    [Fact]
    public void A_keyless_bundle_names_its_signer_issuer_and_rekor_entry()
    {
        var sha = new string('0', 63) + "1";
        var b = BundleSummary.Parse(Encoding.UTF8.GetBytes(TestInputs.KeylessBundle(sha)), "b.json");
        Assert.Equal(TestInputs.WorkflowIdentity, b.SignerIdentity);
        Assert.Equal("https://token.actions.githubusercontent.com", b.SignerIssuer);
        Assert.Equal(123456789, b.RekorLogIndex);
        Assert.Equal(sha, b.MessageDigest);
        var k = BundleSummary.Parse(Encoding.UTF8.GetBytes(TestInputs.KeyBundle(sha)), "b.json");
        Assert.Equal("k3Y-h1nt", k.PublicKeyHint);
        Assert.Null(k.SignerIdentity);
        Assert.Throws<BadInputException>(() => BundleSummary.Parse("{\"verificationMaterial\":{\"certificate\":{\"rawBytes\":\"AAAA\"}}}"u8.ToArray(), "b.json"));
    }
}
