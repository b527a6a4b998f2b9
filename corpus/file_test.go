package corpus_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

func TestPrepareDefaults(t *testing.T) {
	docs := []doc.Document{{Text: "一"}, {Text: "二", Part: 7, ID: "mine", Source: "别处.txt"}}
	sha, got, err := corpus.Prepare([]byte("原文"), "计划.txt", docs)
	if err != nil {
		t.Fatal(err)
	}
	if len(sha) != 64 || got[0].SHA256 != sha || got[1].SHA256 != sha {
		t.Fatalf("sha %q, docs %q %q", sha, got[0].SHA256, got[1].SHA256)
	}
	if got[0].Part != 1 || got[0].ID != sha[:16]+"-1" || got[0].Source != "计划.txt" {
		t.Errorf("defaults: part %d id %q source %q", got[0].Part, got[0].ID, got[0].Source)
	}
	if got[1].Part != 7 || got[1].ID != "mine" || got[1].Source != "别处.txt" {
		t.Errorf("set fields were changed: %+v", got[1])
	}
	if docs[0].ID != "" || docs[0].Part != 0 || docs[0].SHA256 != "" {
		t.Errorf("the caller's documents were changed: %+v", docs[0])
	}
	for _, c := range []struct {
		data []byte
		docs []doc.Document
		want string
	}{{nil, docs, "空文件"}, {[]byte("x"), nil, "没有文档"}} {
		if _, _, err := corpus.Prepare(c.data, "x.txt", c.docs); !errors.Is(err, corpus.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Prepare: %v, want ErrInvalid %s", err, c.want)
		}
	}
}
