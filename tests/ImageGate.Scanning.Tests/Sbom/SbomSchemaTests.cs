using System.Text.Json;
using ImageGate.Scanning.Sbom;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests.Sbom;

public sealed class SbomSchemaTests
{
    [Theory]
    [InlineData("root")]
    [InlineData("planted")]
    [InlineData("gpt.qcow2")]
    public async Task The_cyclonedx_document_is_valid_against_the_official_cyclonedx_1_6_schema(string fixture)
    {
        using var tmp = new TempDirectory();
        var file = await SbomFixtures.WriteAsync(fixture, SbomFormat.CycloneDx, tmp);
        NodeValidator.AssertValid("cyclonedx", file);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("planted")]
    [InlineData("gpt.qcow2")]
    public async Task The_spdx_document_is_valid_against_the_spdx_2_3_schema_and_its_references(string fixture)
    {
        using var tmp = new TempDirectory();
        var file = await SbomFixtures.WriteAsync(fixture, SbomFormat.Spdx, tmp);
        NodeValidator.AssertValid("spdx", file);
    }

    [Fact]
    public async Task The_spdx_validator_rejects_what_the_spdx_2_3_specification_forbids()
    {
        // The validator must be able to fail: each damage below breaks one clause it checks.
        using var tmp = new TempDirectory();
        var file = await SbomFixtures.WriteAsync("root", SbomFormat.Spdx, tmp);
        var damages = new Dictionary<string, Func<string, string>>
        {
            ["an unknown package field"] = s => s.Replace("\"filesAnalyzed\": false,", "\"filesAnalyzed\": false, \"installedBy\": \"apt\",", StringComparison.Ordinal),
            ["a purpose outside the spec's list"] = s => s.Replace("\"primaryPackagePurpose\": \"LIBRARY\"", "\"primaryPackagePurpose\": \"LIBRARIES\"", StringComparison.Ordinal),
            ["a relationship to an unknown element"] = s => s.Replace("\"relatedSpdxElement\": \"SPDXRef-OperatingSystem\"", "\"relatedSpdxElement\": \"SPDXRef-Nothing\"", StringComparison.Ordinal),
            ["a broken licence expression"] = s => s.Replace("\"licenseDeclared\": \"GPL-2.0-or-later\"", "\"licenseDeclared\": \"GPL-2.0-or-later AND\"", StringComparison.Ordinal),
            ["a created time with no zone"] = s => System.Text.RegularExpressions.Regex.Replace(s, "\"created\": \"([0-9T:-]+)Z\"", "\"created\": \"$1\""),
        };
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        foreach (var (name, damage) in damages)
        {
            var damaged = damage(text);
            Assert.True(damaged != text, $"the damage '{name}' changed nothing");
            var bad = tmp.Combine("damaged.json");
            await File.WriteAllTextAsync(bad, damaged, TestContext.Current.CancellationToken);
            Assert.Throws<Xunit.Sdk.TrueException>(() => NodeValidator.AssertValid("spdx", bad));
        }
    }

    [Fact]
    public async Task The_spdx_document_nests_image_os_and_packages_with_purls_and_source_packages()
    {
        using var tmp = new TempDirectory();
        var file = await SbomFixtures.WriteAsync("gpt.qcow2", SbomFormat.Spdx, tmp);
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        var packages = root.GetProperty("packages").EnumerateArray().ToList();
        var image = packages[0];
        Assert.Equal("SPDXRef-Image", image.GetProperty("SPDXID").GetString());
        Assert.Equal("FILE", image.GetProperty("primaryPackagePurpose").GetString());
        Assert.Matches("^[0-9a-f]{64}$", image.GetProperty("checksums")[0].GetProperty("checksumValue").GetString());
        var os = packages[1];
        Assert.Equal("SPDXRef-OperatingSystem", os.GetProperty("SPDXID").GetString());
        Assert.False(os.TryGetProperty("primaryPackagePurpose", out _)); // 2.3's text and its tagged schema disagree on the value
        Assert.Equal(("debian", "12"), (os.GetProperty("name").GetString(), os.GetProperty("versionInfo").GetString()));
        var relationships = root.GetProperty("relationships").EnumerateArray()
            .Select(r => $"{r.GetProperty("spdxElementId").GetString()} {r.GetProperty("relationshipType").GetString()} {r.GetProperty("relatedSpdxElement").GetString()}").ToList();
        Assert.Contains("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image", relationships);
        Assert.Contains("SPDXRef-Image CONTAINS SPDXRef-OperatingSystem", relationships);
        Assert.Equal(packages.Count - 2, relationships.Count(r => r.StartsWith("SPDXRef-OperatingSystem CONTAINS SPDXRef-Package-deb-", StringComparison.Ordinal)));
        var libc = packages.Single(p => p.GetProperty("name").GetString() == "libc6");
        Assert.StartsWith("pkg:deb/debian/libc6@", libc.GetProperty("externalRefs")[0].GetProperty("referenceLocator").GetString(), StringComparison.Ordinal);
        Assert.Contains("distro=debian-12", libc.GetProperty("externalRefs")[0].GetProperty("referenceLocator").GetString(), StringComparison.Ordinal);
        Assert.Matches("^built package from: glibc [^ ]+$", libc.GetProperty("sourceInfo").GetString());
    }

    [Fact]
    public async Task Two_documents_of_the_same_image_made_at_different_times_have_different_namespaces()
    {
        var subject = await SbomFixtures.Subject("root");
        string Namespace(SbomSubject s)
        {
            using var ms = new MemoryStream();
            SpdxWriter.Write(s, ms);
            using var doc = JsonDocument.Parse(ms.ToArray());
            return doc.RootElement.GetProperty("documentNamespace").GetString()!;
        }
        Assert.NotEqual(Namespace(subject), Namespace(subject with { Created = subject.Created.AddSeconds(1) }));
        Assert.Equal(Namespace(subject), Namespace(subject));
    }
}
