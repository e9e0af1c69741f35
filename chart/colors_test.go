package chart

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
)

func TestParseColor(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want color.RGBA
		bad  bool
	}{
		{in: "#2e9d57", want: color.RGBA{0x2e, 0x9d, 0x57, 0xff}},
		{in: "2E9D57", want: color.RGBA{0x2e, 0x9d, 0x57, 0xff}},
		{in: " #abc ", want: color.RGBA{0xaa, 0xbb, 0xcc, 0xff}},
		{in: "#000", want: color.RGBA{0, 0, 0, 0xff}},
		{in: "#12345g", bad: true},
		{in: "#1234", bad: true},
		{in: "red", bad: true},
		{in: "", bad: true},
		{in: "##123456", bad: true},
		{in: "#ｆｆｆ", bad: true},
	} {
		got, err := ParseColor(tc.in)
		if tc.bad {
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.in)) {
				t.Errorf("ParseColor(%q) = %v, %v; want an error quoting it", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseColor(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestColorsValidateNamesTheField(t *testing.T) {
	if err := DefaultColors().Validate(); err != nil {
		t.Fatalf("default colours: %v", err)
	}
	if err := (Colors{}).Validate(); err != nil {
		t.Fatalf("empty colours keep the defaults: %v", err)
	}
	err := Colors{Done: "#123456", Overdue: "#ff00zz"}.Validate()
	if err == nil || !strings.Contains(err.Error(), "overdue") || !strings.Contains(err.Error(), "#ff00zz") {
		t.Fatalf("Validate = %v, want an error naming overdue and its value", err)
	}
	if _, err := New(nil, Options{Colors: Colors{Yellow: "amber"}}); err == nil || !strings.Contains(err.Error(), "yellow") {
		t.Fatalf("New with a bad colour = %v, want an error naming yellow", err)
	}
}

func TestOnColorContrasts(t *testing.T) {
	dark := color.RGBA{0x1f, 0x23, 0x28, 0xff}
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	for in, want := range map[string]color.RGBA{
		"#f2b705": dark, // yellow
		"#a3abb8": dark, // grey
		"#ffffff": dark,
		"#1c2026": white,
		"#2f6fdb": white, // blue
		"#8b0000": white,
	} {
		c, _ := ParseColor(in)
		if got := onColor(c); got != want {
			t.Errorf("onColor(%s) = %v, want %v", in, got, want)
		}
	}
}

// FuzzParseColor: any text parses or fails without panicking, and what
// parses prints back to itself.
func FuzzParseColor(f *testing.F) {
	for _, s := range []string{"#2e9d57", "abc", "#ABC", "", "#", "#12345g", " #fff ", "#ｆｆｆ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseColor(s)
		if err != nil {
			if !strings.Contains(err.Error(), "not a colour") {
				t.Fatalf("error %q", err)
			}
			return
		}
		again, err := ParseColor(fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B))
		if err != nil || again != c || c.A != 0xff {
			t.Fatalf("%q parsed to %v, printed back to %v, %v", s, c, again, err)
		}
	})
}
