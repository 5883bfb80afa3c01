"""Given names, family names and nicknames for the demo population, by naming tradition.

Fictional people only: the lists are common names, combined at random. Diacritics are kept as
people write them (José, Müller, Łukasz, Zoë); ``noise`` produces the ASCII spellings other sources use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    """One naming tradition. ``double_surname``: people carry two family names (Spanish, Brazilian)."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    double_surname: bool = False
    middle_names: bool = False


def _t(words: str) -> tuple[str, ...]:
    return tuple(w.replace("_", " ") for w in words.split())


def _nicknames(table: str) -> dict[str, tuple[str, ...]]:
    """``"William=Will/Bill Robert=Rob/Bob"`` → ``{"William": ("Will", "Bill"), …}``."""
    pairs = (entry.split("=") for entry in table.split())
    return {name: tuple(short.split("/")) for name, short in pairs}


POOLS: dict[str, NamePool] = {
    "de": NamePool(
        _t(
            "Lukas Jonas Maximilian Felix Leon Paul Jürgen Thomas Stefan Matthias Tobias Florian Sebastian "
            "Jan Niklas Moritz Johannes Andreas Michael Björn Jörg Uwe Kai Fabian Sören"
        ),
        _t(
            "Anna Lena Laura Julia Sophie Katharina Lea Hannah Jana Sabine Stefanie Christina Miriam "
            "Franziska Annika Nele Svenja Anja Petra Sarah Mia Clara Marie Lotte Frieda"
        ),
        _t(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
            "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange "
            "Schmitt Werner Krause Meier Lehmann Köhler Groß Jäger Vogel Weiß Fuchs Bergmann Kühn"
        ),
    ),
    "fr": NamePool(
        _t(
            "Lucas Hugo Louis Jules Gabriel Arthur Théo Raphaël Nicolas Julien Mathieu Antoine François "
            "Jean-Baptiste Pierre Guillaume Benoît Jérôme Sébastien Olivier Thibault Rémi Maxime Étienne"
        ),
        _t(
            "Camille Léa Manon Chloé Inès Louise Emma Juliette Sophie Élodie Céline Amélie Hélène Aurélie "
            "Margaux Anaïs Clémence Mathilde Océane Noémie Marie-Claire Zoé"
        ),
        _t(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre "
            "Michel Garnier Faure Rousseau Blanc Guérin Henry Roussel Girard Bonnet Dupont Lambert Fontaine "
            "Chevalier Mercier Lefebvre Gauthier Perrin Morel"
        ),
    ),
    "es": NamePool(
        _t(
            "José Alejandro Javier Carlos Manuel David Daniel Pablo Sergio Álvaro Adrián Diego Jorge Iñigo "
            "Rubén Raúl Francisco Antonio Jesús Íker Marcos Andrés Gonzalo"
        ),
        _t(
            "María Lucía Carmen Laura Marta Paula Elena Sara Cristina Ana Isabel Nuria Raquel Irene Sofía "
            "Alba Beatriz Pilar Rocío Inés Begoña Ainhoa Mónica"
        ),
        _t(
            "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz "
            "Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez "
            "Ramos Gil Ramírez Serrano Blanco Molina Castro Ortiz Rubio Marín Sanz Iglesias Núñez Medina"
        ),
        double_surname=True,
    ),
    "in": NamePool(
        _t(
            "Aarav Vivek Rahul Arjun Rohan Aditya Karthik Venkatesh Sandeep Siddharth Nikhil Amit Suresh "
            "Rajesh Pranav Anand Harish Manish Vikram Sanjay Abhishek Deepak Gaurav Sai"
        ),
        _t(
            "Priya Ananya Divya Kavya Sneha Pooja Neha Aishwarya Lakshmi Deepika Shreya Meera Anjali Swati "
            "Nandini Ritu Sunita Kavitha Bhavna Ishita Radhika"
        ),
        _t(
            "Sharma Patel Reddy Iyer Nair Gupta Singh Kumar Rao Joshi Menon Mehta Chatterjee Banerjee "
            "Krishnan Pillai Agarwal Desai Kulkarni Verma Mishra Bhat Raghunathan Subramanian Srinivasan "
            "Naidu Chopra Malhotra Kapoor Ghosh"
        ),
    ),
    "cn": NamePool(
        _t(
            "Wei Jie Hao Lei Jun Tao Yong Ming Qiang Bo Chao Peng Hui Gang Jian Yang Zhiwei Haoran Yuchen "
            "Junjie Xin"
        ),
        _t("Li Fang Na Min Jing Yan Xiaoling Mei Ying Xue Lingling Yuqi Xinyi Jiayi Hong Qian Yue Lu Ting"),
        _t(
            "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng "
            "Liang Xie Tang Song Deng Han Feng Cao"
        ),
    ),
    "ng": NamePool(
        _t(
            "Chukwuemeka Chinedu Oluwaseun Babatunde Olumide Ifeanyi Obinna Adebayo Kelechi Nnamdi Uche "
            "Ibrahim Musa Abdullahi Segun Tochukwu Kunle Femi Yusuf Ayodele Chidi"
        ),
        _t(
            "Ngozi Chiamaka Adaeze Funmilayo Folake Oluwakemi Yetunde Aisha Zainab Chidinma Blessing "
            "Temitope Nneka Ifeoma Halima Bukola Adaora Ebunoluwa Omolara Titilayo"
        ),
        _t(
            "Okafor Adeyemi Okonkwo Eze Balogun Ogunleye Nwosu Adebayo Olawale Ibrahim Bello Mohammed "
            "Okeke Nwachukwu Oyelaran Obi Akinola Afolabi Chukwu Oladipo Igwe Abubakar Usman Ogundipe "
            "Nnadi Anyanwu Lawal"
        ),
        middle_names=True,
    ),
    "br": NamePool(
        _t(
            "João Pedro Lucas Gabriel Matheus Rafael Gustavo Felipe Thiago Bruno Rodrigo Guilherme Leonardo "
            "Vinícius André Marcelo Fábio Caio Otávio Luiz Henrique Diogo"
        ),
        _t(
            "Ana Juliana Mariana Fernanda Camila Beatriz Larissa Letícia Gabriela Amanda Bruna Patrícia "
            "Aline Vitória Luíza Carolina Isabela Renata Thaís Débora Natália"
        ),
        _t(
            "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins "
            "Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira "
            "Nunes Marques Machado Mendes Freitas Araújo Cardoso Teixeira Gonçalves Conceição"
        ),
        double_surname=True,
        middle_names=True,
    ),
    "pl": NamePool(
        _t(
            "Łukasz Piotr Krzysztof Tomasz Paweł Michał Marcin Jakub Kamil Mateusz Grzegorz Wojciech Adam "
            "Rafał Bartosz Maciej Dawid Szymon Przemysław Sebastian Marek Jarosław"
        ),
        _t(
            "Anna Katarzyna Małgorzata Agnieszka Magdalena Joanna Aleksandra Monika Natalia Karolina Ewa "
            "Zuzanna Justyna Dorota Beata Paulina Weronika Marta Agata Iwona Żaneta"
        ),
        _t(
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
            "Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski "
            "Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Majewski Olszewski Stępień"
        ),
    ),
    "anglo": NamePool(
        _t(
            "James John Robert Michael William David Richard Joseph Thomas Christopher Daniel Matthew "
            "Anthony Andrew Joshua Ryan Benjamin Samuel Oliver Harry George Jack Liam Ethan Connor Seán"
        ),
        _t(
            "Mary Elizabeth Jennifer Sarah Jessica Emily Emma Olivia Charlotte Amelia Sophie Hannah "
            "Katherine Rebecca Lauren Megan Chloe Zoë Abigail Grace Madison Rachel Siobhán Niamh Renée"
        ),
        _t(
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson "
            "White Harris Martin Thompson Clark Lewis Walker Hall Allen Young King Wright Scott Green Baker "
            "Adams Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins "
            "Stewart Morris O'Brien O'Connor MacDonald Hughes Clarke Cooper Ward"
        ),
        middle_names=True,
    ),
}

#: English names Chinese professionals often use on Western platforms (noise: "David Zhang" = "Wei Zhang")
WESTERN_ALIASES: dict[bool, tuple[str, ...]] = {
    False: _t("David Kevin Jason Eric Vincent Tony Frank Leo Jack"),
    True: _t("Cathy Grace Vivian Linda Cindy Iris Sophie Joyce Helen"),
}

#: given name -> the short forms people use instead ("Bill" for William, "Kasia" for Katarzyna)
NICKNAMES: dict[str, tuple[str, ...]] = _nicknames(
    "William=Will/Bill Robert=Rob/Bob Michael=Mike Christopher=Chris Daniel=Dan/Danny "
    "Matthew=Matt Anthony=Tony Andrew=Andy/Drew Joshua=Josh Benjamin=Ben Samuel=Sam "
    "Joseph=Joe James=Jim/Jamie Richard=Rick/Rich Thomas=Tom Jennifer=Jen/Jenny "
    "Elizabeth=Liz/Beth Katherine=Kate/Katie Rebecca=Becky Jessica=Jess Abigail=Abby "
    "Maximilian=Max Johannes=Hannes Sebastian=Basti Stefanie=Steffi Katharina=Kathi "
    "Franziska=Franzi Tobias=Tobi Andreas=Andi Niklas=Nik Florian=Flo Nicolas=Nico Maxime=Max "
    "José=Pepe Francisco=Paco/Fran Alejandro=Álex Javier=Javi Manuel=Manolo Isabel=Isa "
    "Cristina=Cris Beatriz=Bea/Bia Pilar=Pili Venkatesh=Venky Siddharth=Sid Abhishek=Abhi "
    "Aishwarya=Aish Chukwuemeka=Emeka Oluwaseun=Seun Babatunde=Tunde Oluwakemi=Kemi "
    "Funmilayo=Funmi Temitope=Tope Ebunoluwa=Ebun Chiamaka=Amaka Guilherme=Gui Rafael=Rafa "
    "Leonardo=Léo Fernanda=Nanda Isabela=Bela Łukasz=Luke Katarzyna=Kasia Małgorzata=Gosia "
    "Aleksandra=Ola Krzysztof=Krzysiek Tomasz=Tomek Wojciech=Wojtek Przemysław=Przemek "
    "Magdalena=Magda Agnieszka=Aga Joanna=Asia"
)


def feminine_surname(family: str, origin: str) -> str:
    """Polish surnames agree with gender: Kowalski → Kowalska; other traditions keep the name."""
    if origin == "pl" and family.endswith(("ski", "cki", "dzki")):
        return family[:-1] + "a"
    return family
