package cekura

import (
	"fmt"
	"sort"
	"strings"
)

// Language is the primary language an agent speaks, as an ISO 639-1 code
// ("en") or "multi" for multilingual agents. The API defaults to
// [LanguageEnglish] when a request leaves it out.
//
// Decoding never fails on a code this SDK does not know yet: [Language.Valid]
// reports whether a code is one of the constants below.
type Language string

// The languages the API accepts (aiagents v2, 2026-06).
const (
	// LanguageAfrikaans is Afrikaans ("af").
	LanguageAfrikaans Language = "af"
	// LanguageArabic is Arabic ("ar").
	LanguageArabic Language = "ar"
	// LanguageBengali is Bengali ("bn").
	LanguageBengali Language = "bn"
	// LanguageBulgarian is Bulgarian ("bg").
	LanguageBulgarian Language = "bg"
	// LanguageChineseSimplified is Chinese Simplified ("zh").
	LanguageChineseSimplified Language = "zh"
	// LanguageCzech is Czech ("cs").
	LanguageCzech Language = "cs"
	// LanguageDanish is Danish ("da").
	LanguageDanish Language = "da"
	// LanguageDutch is Dutch ("nl").
	LanguageDutch Language = "nl"
	// LanguageEnglish is English ("en").
	LanguageEnglish Language = "en"
	// LanguageEstonian is Estonian ("et").
	LanguageEstonian Language = "et"
	// LanguageFinnish is Finnish ("fi").
	LanguageFinnish Language = "fi"
	// LanguageFrench is French ("fr").
	LanguageFrench Language = "fr"
	// LanguageGerman is German ("de").
	LanguageGerman Language = "de"
	// LanguageGreek is Greek ("el").
	LanguageGreek Language = "el"
	// LanguageGujarati is Gujarati ("gu").
	LanguageGujarati Language = "gu"
	// LanguageHindi is Hindi ("hi").
	LanguageHindi Language = "hi"
	// LanguageHebrew is Hebrew ("he").
	LanguageHebrew Language = "he"
	// LanguageHungarian is Hungarian ("hu").
	LanguageHungarian Language = "hu"
	// LanguageIndonesian is Indonesian ("id").
	LanguageIndonesian Language = "id"
	// LanguageItalian is Italian ("it").
	LanguageItalian Language = "it"
	// LanguageJapanese is Japanese ("ja").
	LanguageJapanese Language = "ja"
	// LanguageKannada is Kannada ("kn").
	LanguageKannada Language = "kn"
	// LanguageKorean is Korean ("ko").
	LanguageKorean Language = "ko"
	// LanguageMalay is Malay ("ms").
	LanguageMalay Language = "ms"
	// LanguageMalayalam is Malayalam ("ml").
	LanguageMalayalam Language = "ml"
	// LanguageMarathi is Marathi ("mr").
	LanguageMarathi Language = "mr"
	// LanguageMultilingual is Multilingual ("multi").
	LanguageMultilingual Language = "multi"
	// LanguageNorwegian is Norwegian ("no").
	LanguageNorwegian Language = "no"
	// LanguagePolish is Polish ("pl").
	LanguagePolish Language = "pl"
	// LanguagePunjabi is Punjabi ("pa").
	LanguagePunjabi Language = "pa"
	// LanguagePortuguese is Portuguese ("pt").
	LanguagePortuguese Language = "pt"
	// LanguageRomanian is Romanian ("ro").
	LanguageRomanian Language = "ro"
	// LanguageRussian is Russian ("ru").
	LanguageRussian Language = "ru"
	// LanguageSlovak is Slovak ("sk").
	LanguageSlovak Language = "sk"
	// LanguageSpanish is Spanish ("es").
	LanguageSpanish Language = "es"
	// LanguageSwedish is Swedish ("sv").
	LanguageSwedish Language = "sv"
	// LanguageThai is Thai ("th").
	LanguageThai Language = "th"
	// LanguageTurkish is Turkish ("tr").
	LanguageTurkish Language = "tr"
	// LanguageTagalog is Tagalog ("tl").
	LanguageTagalog Language = "tl"
	// LanguageTamil is Tamil ("ta").
	LanguageTamil Language = "ta"
	// LanguageTelugu is Telugu ("te").
	LanguageTelugu Language = "te"
	// LanguageUkrainian is Ukrainian ("uk").
	LanguageUkrainian Language = "uk"
	// LanguageVietnamese is Vietnamese ("vi").
	LanguageVietnamese Language = "vi"
)

// languageNames maps each known code to its display name.
var languageNames = map[Language]string{
	LanguageAfrikaans:         "Afrikaans",
	LanguageArabic:            "Arabic",
	LanguageBengali:           "Bengali",
	LanguageBulgarian:         "Bulgarian",
	LanguageChineseSimplified: "Chinese Simplified",
	LanguageCzech:             "Czech",
	LanguageDanish:            "Danish",
	LanguageDutch:             "Dutch",
	LanguageEnglish:           "English",
	LanguageEstonian:          "Estonian",
	LanguageFinnish:           "Finnish",
	LanguageFrench:            "French",
	LanguageGerman:            "German",
	LanguageGreek:             "Greek",
	LanguageGujarati:          "Gujarati",
	LanguageHindi:             "Hindi",
	LanguageHebrew:            "Hebrew",
	LanguageHungarian:         "Hungarian",
	LanguageIndonesian:        "Indonesian",
	LanguageItalian:           "Italian",
	LanguageJapanese:          "Japanese",
	LanguageKannada:           "Kannada",
	LanguageKorean:            "Korean",
	LanguageMalay:             "Malay",
	LanguageMalayalam:         "Malayalam",
	LanguageMarathi:           "Marathi",
	LanguageMultilingual:      "Multilingual",
	LanguageNorwegian:         "Norwegian",
	LanguagePolish:            "Polish",
	LanguagePunjabi:           "Punjabi",
	LanguagePortuguese:        "Portuguese",
	LanguageRomanian:          "Romanian",
	LanguageRussian:           "Russian",
	LanguageSlovak:            "Slovak",
	LanguageSpanish:           "Spanish",
	LanguageSwedish:           "Swedish",
	LanguageThai:              "Thai",
	LanguageTurkish:           "Turkish",
	LanguageTagalog:           "Tagalog",
	LanguageTamil:             "Tamil",
	LanguageTelugu:            "Telugu",
	LanguageUkrainian:         "Ukrainian",
	LanguageVietnamese:        "Vietnamese",
}

// languageList holds the known codes in the API's order.
var languageList = []Language{
	LanguageAfrikaans,
	LanguageArabic,
	LanguageBengali,
	LanguageBulgarian,
	LanguageChineseSimplified,
	LanguageCzech,
	LanguageDanish,
	LanguageDutch,
	LanguageEnglish,
	LanguageEstonian,
	LanguageFinnish,
	LanguageFrench,
	LanguageGerman,
	LanguageGreek,
	LanguageGujarati,
	LanguageHindi,
	LanguageHebrew,
	LanguageHungarian,
	LanguageIndonesian,
	LanguageItalian,
	LanguageJapanese,
	LanguageKannada,
	LanguageKorean,
	LanguageMalay,
	LanguageMalayalam,
	LanguageMarathi,
	LanguageMultilingual,
	LanguageNorwegian,
	LanguagePolish,
	LanguagePunjabi,
	LanguagePortuguese,
	LanguageRomanian,
	LanguageRussian,
	LanguageSlovak,
	LanguageSpanish,
	LanguageSwedish,
	LanguageThai,
	LanguageTurkish,
	LanguageTagalog,
	LanguageTamil,
	LanguageTelugu,
	LanguageUkrainian,
	LanguageVietnamese,
}

// Languages returns every language the API accepts, in the API's order. The
// slice is a fresh copy the caller may modify.
func Languages() []Language {
	return append([]Language(nil), languageList...)
}

// ParseLanguage returns the Language for a code such as "en" or "multi". It
// accepts any letter case and surrounding spaces, and returns an error that
// wraps [ErrInvalidRequest] for a code the API does not accept.
func ParseLanguage(code string) (Language, error) {
	l := Language(strings.ToLower(strings.TrimSpace(code)))
	if l.Valid() {
		return l, nil
	}
	return "", &ValidationError{Problems: []FieldProblem{{Field: "language", Message: languageProblem(code)}}}
}

func languageProblem(code string) string {
	return fmt.Sprintf("unknown language %q; allowed: %s", code, languageCodes())
}

func languageCodes() string {
	codes := make([]string, len(languageList))
	for i, l := range languageList {
		codes[i] = string(l)
	}
	sort.Strings(codes)
	return strings.Join(codes, ", ")
}

// Valid reports whether l is one of the codes the API accepts.
func (l Language) Valid() bool {
	_, ok := languageNames[l]
	return ok
}

// DisplayName returns the language's English name ("Chinese Simplified" for
// "zh"), or the code itself when the SDK does not know it.
func (l Language) DisplayName() string {
	if n, ok := languageNames[l]; ok {
		return n
	}
	return string(l)
}

// String returns the code.
func (l Language) String() string { return string(l) }
