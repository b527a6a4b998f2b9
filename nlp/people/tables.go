package people

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed surnames.txt
var surnamesTxt string

// SurnameVersion identifies the embedded surname table.
const SurnameVersion = "surnames-1"

// surnameTier: 1 common single, 2 other single; compound surnames separate.
type surnameTable struct {
	single   map[rune]int
	compound map[string]bool
}

// surnames is parsed on first use: most commands never look a name up.
var surnames = sync.OnceValue(func() surnameTable { return parseSurnames(surnamesTxt) })

// IsSurname reports whether r is a single-character surname of the table
// (Simplified script): 王某某 and 张某 are masked names.
func IsSurname(r rune) bool {
	_, ok := surnames().single[r]
	return ok
}

func parseSurnames(src string) surnameTable {
	t := surnameTable{single: map[rune]int{}, compound: map[string]bool{}}
	for _, line := range strings.Split(src, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		for _, s := range f[1:] {
			switch f[0] {
			case "common", "other":
				r := []rune(s)
				if len(r) != 1 {
					continue
				}
				if _, dup := t.single[r[0]]; dup {
					continue // keep the first (commoner) tier
				}
				tier := 1
				if f[0] == "other" {
					tier = 2
				}
				t.single[r[0]] = tier
			case "compound":
				t.compound[s] = true
			}
		}
	}
	return t
}

// Roles of a leadership group, longest first so 常务副组长 wins over 组长.
// Output uses these spellings (Simplified).
var roles = []string{
	"常务副组长", "第一副组长", "执行副组长", "第一组长", "副组长", "组长",
	"办公室主任", "办公室副主任", "副主任", "主任", "副秘书长", "秘书长",
	"成员", "组员", "委员", "联络员", "顾问",
}

// roleAliases name a role by its usual word in the output: a 组员 is a
// member (成员) of the group.
var roleAliases = map[string]string{"组员": "成员"}

// chainRoles are the group roles a news report writes right before a name,
// one after another in a clause (第二组组长张三、副组长李四、组员王五和赵六…);
// positions such as 主任 or 委员 are left out: before a name they are titles.
// Longest first.
var chainRoles = []string{"常务副组长", "第一副组长", "执行副组长", "第一组长", "副组长", "组长", "成员", "组员"}

// minChain is how many role-and-name pairs make a chain: one alone may be
// a title before a name in any sentence.
const minChain = 2

// chainLinks may stand between two pairs of a chain.
var chainLinks = map[rune]bool{'、': true, '，': true, ',': true, ' ': true}

// nameConjunctions join the last two names of a list (王五和赵六).
var nameConjunctions = map[rune]bool{'和': true, '与': true, '及': true}

// titles are positions written before or after a name (院长张三, 张三同志);
// they are stripped from a name item. Longest first.
var titles = []string{
	"党委副书记", "党委书记", "党总支书记", "支部书记", "纪委书记", "副书记", "书记",
	"常务副院长", "副院长", "院长", "执行院长",
	"办公室主任", "副主任", "主任医师", "主任", "护士长", "副局长", "局长",
	"副科长", "科长", "副处长", "处长", "副部长", "部长", "站长", "所长", "镇长", "副镇长",
	"副县长", "县长", "工会主席", "主席", "总经理", "经理", "董事长", "会计", "出纳",
	"干事", "秘书", "负责人", "专干", "副主任医师", "主治医师", "医师", "医生",
	"主任护师", "副主任护师", "主管护师", "护师", "主管药师", "药师", "主管技师", "技师",
	"护士", "同志", "委员",
	// Adverbs a report puts between a name and its role (郝某某亲自兼任组长).
	"亲自",
}

// titleEnds are the last words of a department-and-title prefix
// (医务科科长赵强, 院办主任王立, 护理部主任孙梅): the name follows the last
// of them. Longest first.
var titleEnds = []string{
	"副书记", "书记", "副院长", "院长", "副主任", "主任", "副科长", "科长", "护士长",
	"副部长", "部长", "副局长", "局长", "副处长", "处长", "站长", "所长", "主席",
}

// roleStarts are the first runes of the roles: a line opening with one of
// them may be a table row without a colon ("组　长　陈卫东").
const roleStarts = "组副成常第执办主秘委联顾"

// notName marks items that name positions or departments, not people
// (成员：各科室主任). Checked after titles are stripped.
var notName = []string{
	"各", "全体", "科室", "部门", "中心", "支部", "党委", "委员会", "办公室", "小组",
	"科", "部", "处", "室", "院", "站", "所", "局", "班子", "单位", "相关", "有关", "人员",
	"负责", "领导", "同志", "工作", "组成",
}

// neverInName are characters that do not occur in a personal name, so a
// glued run of prose cannot be cut into fake names.
var neverInName = map[rune]bool{
	'的': true, '了': true, '是': true, '在': true, '为': true, '由': true, '及': true,
	'或': true, '等': true, '就': true, '都': true, '把': true, '被': true, '将': true,
	'对': true, '从': true, '这': true, '那': true, '些': true, '们': true, '各': true,
	'负': true, '责': true, '组': true, '员': true, '下': true, '设': true, '办': true,
	'室': true, '科': true, '部': true, '院': true,
}

// itemSeps split a role's content into name items.
var itemSeps = map[rune]bool{'、': true, ',': true, ';': true, ' ': true, '\t': true, '/': true, '，': true, '；': true}

// contentEnds end a role's content.
var contentEnds = map[rune]bool{'。': true, '!': true, '?': true, '\n': true}

// numeralRunes start heading markers glued after a list (闫淑平三、主要内容).
var numeralRunes = map[rune]bool{'一': true, '二': true, '三': true, '四': true, '五': true, '六': true, '七': true, '八': true, '九': true, '十': true}

// takeVerbs close "组长由…担任/兼任": the names sit between 由 and the verb.
var takeVerbs = []string{"担任", "兼任"}

// groupWords may stand between 任 and the role: 任领导小组组长.
var groupWords = []string{"领导小组", "工作小组", "工作组", "小组"}

// groupStarts are the first runes of groupWords.
const groupStarts = "领工小"

// roleEnds are the last runes of the roles.
const roleEnds = "长员任问"

// listVerbs join a role to its list without a colon: 成员包括…, 成员为….
var listVerbs = []string{"包括", "包含", "名单为", "为", "有"}

// renNotVerb are characters before 任 that make it part of a word (主任,
// 担任, 兼任, 责任, 现任, 历任…), not "takes the post of".
var renNotVerb = map[rune]bool{
	'主': true, '担': true, '兼': true, '责': true, '信': true, '上': true, '现': true, '曾': true,
	'继': true, '留': true, '出': true, '聘': true, '委': true, '专': true, '就': true, '新': true,
	'前': true, '原': true, '放': true, '历': true, '连': true, '充': true, '接': true, '胜': true,
}

// maxParenName bounds, in runes, the item before a bracketed role (a name
// with a title: 院长张三（组长）).
const maxParenName = 8

// takeBeforeRen are the first runes of verbs ending in 任 that take a post
// (担任, 兼任, 出任): "张三担任组长" names 张三 as 任组长 does.
var takeBeforeRen = map[rune]bool{'担': true, '兼': true, '出': true}

// clauseEnds start the clause that names the people before 任.
var clauseEnds = map[rune]bool{
	'，': true, ',': true, '。': true, '；': true, ';': true, '：': true, ':': true, '\n': true,
	'!': true, '?': true, '(': true, ')': true, '“': true, '”': true,
}

// maxRenClause bounds the clause before 任, in runes: a list of names with
// titles, not a paragraph.
const maxRenClause = 40

// maxListLines is how many lines the names of a "成员：" ending its line may
// take before the role stops waiting.
const maxListLines = 60

// neverInLoneName are characters that rule out an uncut lone name
// (function words, office and group words); minority names use characters
// (那, 和, 其) that neverInName keeps out of glued runs, so this list is
// shorter.
var neverInLoneName = map[rune]bool{
	'的': true, '了': true, '是': true, '在': true, '为': true, '由': true, '及': true,
	'或': true, '等': true, '就': true, '都': true, '把': true, '被': true, '将': true,
	'对': true, '从': true, '这': true, '些': true, '们': true, '各': true,
	'负': true, '责': true, '组': true, '员': true, '设': true, '办': true,
	'室': true, '科': true, '部': true, '院': true, '与': true, '第': true, '页': true, '頁': true,
}

// notLoneName are words that make an uncut item a phrase, not a name.
var notLoneName = []string{"其他", "其余", "以上", "以下", "若干", "代表", "骨干", "专家", "党员", "群众", "职工", "人员",
	// Bodies a member's post names (王平 省卫生厅 保健办主任).
	"厅", "政府", "卫健委", "卫生健康委"}

// nameFollowers are the verbs a news report puts right after the names of
// a group (组员王五深入科室, 赵六一行来到…): prose starts there.
var nameFollowers = []string{
	"深入", "来到", "前往", "走进", "走访", "一行", "带队", "主持", "参加", "出席",
	"分别", "一同", "共同", "进行", "先后", "随后", "首先", "到", "赴",
}

// proseWords are notName, titleEnds and nameFollowers as runes, for
// proseStart; derived once from those tables.
var proseWords = func() [][]rune {
	var out [][]rune
	for _, list := range [][]string{notName, titleEnds, nameFollowers} {
		for _, w := range list {
			out = append(out, []rune(w))
		}
	}
	return out
}()

// postEnds widen titles for recognising a post written beside a name (省
// 卫生厅规财处处长, 广州市副市长, 省科技厅二级巡视员).
var postEnds = []string{"省长", "市长", "厅长", "秘书长", "巡视员", "调研员", "科长", "主任", "院长", "处长", "局长", "部长", "书记"}
