using ImageGate.Scanning.Inventory;

namespace ImageGate.Scanning.Tests.Inventory;

public sealed class CopyrightLicensesTests
{
    [Theory]
    [InlineData("GPL-2+", "GPL-2.0-or-later")]
    [InlineData("Expat", "MIT")]
    [InlineData("GPL-3.0-or-later", "GPL-3.0-or-later")]
    [InlineData("LGPL-2.1-only", "LGPL-2.1-only")]
    [InlineData("Apache-2.0", "Apache-2.0")]
    [InlineData("permissive-with-notice", "LicenseRef-permissive-with-notice")]
    [InlineData("Some Licence", "LicenseRef-Some-Licence")]
    public void A_short_name_maps_to_its_spdx_id_an_spdx_id_stays_and_anything_else_is_a_licence_ref(string name, string expected) =>
        Assert.Equal(expected, CopyrightLicenses.ToSpdxId(name));

    [Fact]
    public void A_dep5_file_gives_the_distinct_licences_of_its_files_paragraphs()
    {
        var text = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n" +
                   "Files: *\nCopyright: someone\nLicense: GPL-2+ or Artistic\n\n" +
                   "Files: lib/*\nLicense: MIT\n\nLicense: GPL-2+\n Full text.\n";
        Assert.Equal("(GPL-2.0-or-later OR Artistic-1.0-Perl) AND MIT", CopyrightLicenses.FromDep5(text));
        Assert.Null(CopyrightLicenses.FromDep5("This package was debianized by someone.\n"));
    }

    [Fact]
    public void A_dep5_license_line_keeps_its_choices_and_conjunctions_as_an_spdx_expression()
    {
        var text = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n" +
                   "Files: *\nLicense: GPL-2+ and BSD-3-clause or Expat\n\n" +
                   "Files: a/*\nLicense: LGPL-2.1+ with OpenSSL exception or GPL-3+\n\n" +
                   "Files: b/*\nLicense: Expat\n";
        var expression = CopyrightLicenses.FromDep5(text);
        Assert.Equal("(GPL-2.0-or-later AND BSD-3-Clause OR MIT) AND (LGPL-2.1-or-later OR GPL-3.0-or-later) AND MIT", expression);
        Assert.NotNull(ImageGate.Scanning.Licences.SpdxExpressionParser.TryParse(expression));
    }
}
