/** The article's body: sections in order, each an optional h2 and its paragraphs, lists and code. */
import type { FC } from 'hono/jsx';
import type { Block, Section } from '../content/types.ts';

const BlockView: FC<{ block: Block }> = ({ block }) => {
  switch (block.kind) {
    case 'paragraph':
      return <p>{block.text}</p>;
    case 'list':
      return (
        <ul>
          {block.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      );
    case 'code':
      // A wide line scrolls inside <pre> instead of widening the page on a phone.
      return (
        <pre tabindex={0}>
          <code class={block.language ? `language-${block.language}` : undefined}>
            {block.code}
          </code>
        </pre>
      );
  }
};

export const ArticleBody: FC<{ sections: Section[] }> = ({ sections }) => (
  <div class="article-body">
    {sections.map((section) => (
      <section>
        {section.heading !== null && <h2>{section.heading}</h2>}
        {section.blocks.map((block) => (
          <BlockView block={block} />
        ))}
      </section>
    ))}
  </div>
);
